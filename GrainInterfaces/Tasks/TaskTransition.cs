namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// What one change did to one task: the task as it was and as it is now (<see cref="After"/> is null for a deletion).
/// Read in the same grain turn as the change, so an undo restores exactly what this change replaced, even when
/// another change to the same task came just before (a separate read before the change could see either).
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskTransition")]
public sealed record TaskTransition([property: Id(0)] TaskItem Before, [property: Id(1)] TaskItem? After)
{
    /// <summary>False when the change asked for what was already so (completing a completed task): no event was written.</summary>
    public bool Changed => After != Before;
}
