using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.EdgeServices.Notification;

var builder = WebApplication.CreateBuilder(args);

builder.AddEdgeServiceDefaults();
builder.Services.AddNotificationService();
builder.Services.AddNotificationDaprPorts();

var app = builder.Build();

app.UseEdgeServiceDefaults();
app.MapTopicHandlers();
app.MapNotificationEndpoints();

app.Run();
