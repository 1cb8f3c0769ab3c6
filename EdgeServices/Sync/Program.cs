using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.EdgeServices.Sync;

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
