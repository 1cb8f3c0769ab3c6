using TodoGrains.Silo.Apis;
using TodoGrains.Silo.Extensions;
using TodoGrains.Silo.Migrations;

if (args.FirstOrDefault() == MigrateCommand.Verb)
{
    return await MigrateCommand.RunAsync(args[1..]);
}

// The content root is the program's own folder, wherever it is started from: otherwise appsettings.json (the
// address, the log levels that keep request lines and their access_token out of the logs) is silently not read.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddTodoSecrets();
builder.AddTodoSilo();
builder.AddTodoEvents();
builder.AddTodoAuth();
builder.AddTodoApi();
builder.AddTodoMcp();
builder.AddTodoHealthChecks();
builder.AddTodoObservability();
builder.AddBrowserClient();

var app = builder.Build();

app.UseTodoApi();

app.MapAuthApi();
app.MapProfileApi();
app.MapTokenApi();
app.MapCalendarApi();
app.MapTaskApi();
app.MapChatApi();
app.MapTodoMcp();
app.MapEdgeApi();
app.MapTodoEvents();
app.MapOperatorApi();
app.MapOperatorEndpoints();
app.MapTodoHealthChecks();
app.MapApiReference();
app.MapBrowserClient();

await app.RunAsync();
return 0;
