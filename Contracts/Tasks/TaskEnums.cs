namespace TodoGrains.Contracts.Tasks;

/// <summary>Whether a task still needs doing.</summary>
public enum TodoStatus
{
    Pending = 0,
    Completed = 1,
}

/// <summary>How urgent a task is; <see cref="None"/> sorts last.</summary>
public enum Priority
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
}
