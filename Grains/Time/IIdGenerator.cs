namespace TodoGrains.Grains.Time;

/// <summary>The one source of new identifiers, injectable so tests can predict them.</summary>
public interface IIdGenerator
{
    /// <summary>A unique event id.</summary>
    Guid NewEventId();

    /// <summary>A short unique id with a readable prefix, e.g. <c>u_…</c> for users, <c>s_…</c> for series.</summary>
    string NewId(string prefix);
}

/// <summary>Time-ordered version 7 GUIDs from the injected clock.</summary>
public sealed class GuidIdGenerator(TimeProvider time) : IIdGenerator
{
    public Guid NewEventId() => Guid.CreateVersion7(time.GetUtcNow());

    public string NewId(string prefix) => $"{prefix}_{Guid.CreateVersion7(time.GetUtcNow()):N}";
}
