using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Agent;

/// <summary>
/// One task a chat turn changed, as it was before: what "undo" puts back. A task the turn added has no
/// <see cref="Before"/>; undoing it deletes it. <see cref="After"/> is how the turn left it (null: deleted), so that
/// an undo leaves alone a task changed since.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskChange")]
public sealed record TaskChange([property: Id(0)] int TaskId, [property: Id(1)] TaskItem? Before, [property: Id(2)] TaskItem? After = null);
