using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Sync;

// A named Program (not top-level statements): the embedded silo references this assembly, and several global
// Program types would collide in its generated OpenAPI documentation.
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddEdgeServiceDefaults();
        builder.Services.AddSyncAuthentication(builder.Configuration);
        builder.Services.AddSyncService(builder.Configuration);

        var app = builder.Build();

        app.UseEdgeServiceDefaults();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTopicHandlers();
        app.MapSyncEndpoints();

        app.Run();
    }
}
