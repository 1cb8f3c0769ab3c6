using TodoGrains.EdgeServices.Audit;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddEdgeServiceDefaults();
builder.Services.AddAuditService();

var app = builder.Build();

app.UseEdgeServiceDefaults();
app.MapTopicHandlers();
app.MapAuditEndpoints();

app.Run();
