using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Notification;

// A named Program (not top-level statements): the embedded silo references this assembly, and several global
// Program types would collide in its generated OpenAPI documentation.
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddEdgeServiceDefaults();
        builder.Services.AddNotificationService();
        builder.Services.AddNotificationDaprPorts();

        var app = builder.Build();

        app.UseEdgeServiceDefaults();
        app.MapTopicHandlers();
        app.MapNotificationEndpoints();

        app.Run();
    }
}
