namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>Which tasks a query returns by status.</summary>
public enum StatusFilter
{
    All = 0,
    Pending = 1,
    Completed = 2,
}

/// <summary>How several requested tags combine.</summary>
public enum TagMode
{
    Any = 0,
    All = 1,
}

/// <summary>The field a task list is ordered by.</summary>
public enum TaskSort
{
    Due = 0,
    Priority = 1,
    Title = 2,
    Created = 3,
}
