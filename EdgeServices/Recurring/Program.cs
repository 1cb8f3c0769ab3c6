using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.EdgeServices.Recurring;

var builder = WebApplication.CreateBuilder(args);

builder.AddEdgeServiceDefaults();
builder.Services.AddRecurringService();
builder.Services.AddRecurringDaprPorts();

var app = builder.Build();

app.UseEdgeServiceDefaults();
app.MapTopicHandlers();

app.Run();
