using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Agent.Offline;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Silo.Apis;

public static class TaskApi
{
    public static IEndpointRouteBuilder MapTaskApi(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapUserGroup("Tasks");
        tasks.MapGet("/tasks", ListAsync).WithSummary("List tasks with filters, order and paging")
            .Produces<TaskListResponse>().Produces(StatusCodes.Status304NotModified);
        tasks.MapPost("/tasks", CreateAsync).WithSummary("Add a task");
        tasks.MapGet("/tasks/{id:int}", GetAsync).WithSummary("One task");
        tasks.MapPatch("/tasks/{id:int}", PatchAsync).WithSummary("Change some fields of a task");
        tasks.MapDelete("/tasks/{id:int}", DeleteAsync).WithSummary("Delete a task");
        tasks.MapPost("/tasks/{id:int}/restore", RestoreAsync).WithSummary("Undo a recent deletion: the task comes back with its id, reminder and series");
        tasks.MapPatch("/tasks/{id:int}/complete", CompleteAsync).WithSummary("Complete a task, or reopen it with {\"completed\": false}");
        tasks.MapPost("/tasks/parse", ReadAsync).WithSummary("Read a task's text as the chat would, without adding it: the fields and the words each came from");
        tasks.MapPost("/tasks/reschedule", RescheduleAsync).WithSummary("Move many tasks: a filter plus a new date or a shift");
        return app;
    }

    private static ITaskListGrain Grain(IGrainFactory grains, string userId) => GrainReferences.Of<ITaskListGrain>(grains, userId);

    // A list answers with its entity tag; asked again with it in If-None-Match while nothing changed, 304 and no body.
    // Asked again without it, an unchanged page is answered with the bytes this host serialised last time.
    private static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem>> ListAsync(
        string user_id, [AsParameters] TaskListParameters query, IGrainFactory grains, ListPageCache cache, HttpContext http)
    {
        var parse = new InputParser();
        var taskQuery = TaskRequestMapper.ToQuery(query, parse);
        if (!parse.Ok)
        {
            return TypedResults.ValidationProblem(parse.Errors);
        }

        var asked = http.Request.Headers.IfNoneMatch.ToString();
        var queryString = http.Request.QueryString.Value ?? "";
        var kept = cache.Find(user_id, queryString);
        var read = await Grain(grains, user_id).ListIfChangedAsync(taskQuery, kept is null ? asked : $"{asked},{kept.Tag}");
        http.Response.Headers.ETag = read.Tag;
        // Private, and always checked: a shared cache must not keep one person's list, and a browser asks each time.
        http.Response.Headers.CacheControl = "private, no-cache";
        if (read.Page is { } page)
        {
            var body = cache.Keep(user_id, queryString, read.Tag, new TaskListResponse(page.Items.Select(TaskView.From).ToList(), page.Total));
            return TypedResults.Bytes(body, "application/json");
        }

        return kept?.Tag == read.Tag && !TaskPageTag.Matches(asked, read.Tag)
            ? TypedResults.Bytes(kept.Body, "application/json")
            : TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    private static async Task<Results<Created<TaskView>, ValidationProblem>> CreateAsync(
        string user_id, CreateTaskRequest body, IGrainFactory grains)
    {
        var parse = new InputParser();
        var draft = TaskRequestMapper.ToDraft(body, parse);
        if (!parse.Ok)
        {
            return TypedResults.ValidationProblem(parse.Errors);
        }

        var task = await Grain(grains, user_id).AddAsync(draft);
        return TypedResults.Created($"/api/{user_id}/tasks/{task.Id}", TaskView.From(task));
    }

    private static async Task<Results<Ok<TaskView>, NotFound>> GetAsync(string user_id, int id, IGrainFactory grains) =>
        await Grain(grains, user_id).GetAsync(id) is { } task ? TypedResults.Ok(TaskView.From(task)) : TypedResults.NotFound();

    private static async Task<Results<Ok<TaskView>, NotFound, ValidationProblem>> PatchAsync(
        string user_id, int id, PatchTaskRequest body, IGrainFactory grains)
    {
        var parse = new InputParser();
        var patch = TaskRequestMapper.ToPatch(body, parse);
        if (patch.IsEmpty && parse.Ok)
        {
            parse.Error("body", "Nothing to change: give at least one field.");
        }

        if (!parse.Ok)
        {
            return TypedResults.ValidationProblem(parse.Errors);
        }

        return await Grain(grains, user_id).UpdateAsync(id, patch) is { After: { } task } ? TypedResults.Ok(TaskView.From(task)) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(string user_id, int id, IGrainFactory grains) =>
        await Grain(grains, user_id).DeleteAsync(id) is not null ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<TaskView>, NotFound>> RestoreAsync(string user_id, int id, IGrainFactory grains) =>
        await Grain(grains, user_id).RestoreDeletedAsync(id) is { } task ? TypedResults.Ok(TaskView.From(task)) : TypedResults.NotFound();

    private static async Task<Results<Ok<TaskView>, NotFound>> CompleteAsync(
        string user_id, int id, CompleteTaskRequest? body, IGrainFactory grains)
    {
        var grain = Grain(grains, user_id);
        var task = body?.Completed == false ? await grain.ReopenAsync(id) : await grain.CompleteAsync(id);
        return task?.After is { } after ? TypedResults.Ok(TaskView.From(after)) : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<ReadTaskResponse>, ValidationProblem>> ReadAsync(
        string user_id, ReadTaskRequest body, IGrainFactory grains, TimeProvider time)
    {
        var text = body.Text?.Trim();
        if (string.IsNullOrEmpty(text) || body.Text!.Length > TaskReader.MaxLength)
        {
            return Problem("text", $"Give the task's text, up to {TaskReader.MaxLength} characters.");
        }

        var reading = TaskReader.Read(body.Text, await Grain(grains, user_id).GetProfileAsync(), time);
        return reading.Problem is { } problem ? Problem("text", problem) : TypedResults.Ok(new ReadTaskResponse(reading.Fields, reading.Spans));
    }

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static async Task<Results<Ok<RescheduleResponse>, ValidationProblem>> RescheduleAsync(
        string user_id, RescheduleTasksRequest body, IGrainFactory grains)
    {
        var parse = new InputParser();
        var request = TaskRequestMapper.ToReschedule(body, parse);
        if (!parse.Ok)
        {
            return TypedResults.ValidationProblem(parse.Errors);
        }

        var moved = await Grain(grains, user_id).RescheduleAsync(request);
        return TypedResults.Ok(new RescheduleResponse(moved.Count, moved.Select(m => TaskView.From(m.After!)).ToList()));
    }
}
