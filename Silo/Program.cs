using TodoGrains.Silo.Apis;
using TodoGrains.Silo.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddTodoSilo();
builder.AddTodoAuth();
builder.AddTodoApi();
builder.AddTodoHealthChecks();

var app = builder.Build();

app.UseTodoApi();

app.MapAuthApi();
app.MapProfileApi();
app.MapTaskApi();
app.MapTodoHealthChecks();
app.MapApiReference();
app.MapGet("/", () => Results.Redirect("/scalar/v1")).ExcludeFromDescription();

app.Run();
