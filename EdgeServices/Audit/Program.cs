using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Audit;

// A named Program (not top-level statements): the embedded silo references this assembly, and several global
// Program types would collide in its generated OpenAPI documentation.
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddEdgeServiceDefaults();
        builder.Services.AddAuditService();

        var app = builder.Build();

        app.UseEdgeServiceDefaults();
        app.MapTopicHandlers();
        app.MapAuditEndpoints();

        app.Run();
    }
}
