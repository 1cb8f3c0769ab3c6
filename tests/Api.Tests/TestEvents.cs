using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Api.Tests;

/// <summary>Events as the grains publish them, for the tests of the embedded bus and its handlers.</summary>
internal static class TestEvents
{
    /// <summary>A task-created event of <paramref name="user"/> with this sequence number (and task id).</summary>
    public static TodoEvent Created(string user, long sequence) => new(
        Guid.CreateVersion7(),
        TodoTopics.TaskEvents,
        TodoEventTypes.TaskCreated,
        user,
        (int)sequence,
        sequence,
        DateTimeOffset.UtcNow,
        TaskView.From(new TaskItem { Id = (int)sequence, Title = $"Task {sequence}", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow }).ToSnapshot());
}
