using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Agent;

/// <summary>
/// One task a chat turn changed, as it was before: what "undo" puts back. A task the turn added has no
/// <see cref="Before"/>; undoing it deletes it.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskChange")]
public sealed record TaskChange([property: Id(0)] int TaskId, [property: Id(1)] TaskItem? Before);
