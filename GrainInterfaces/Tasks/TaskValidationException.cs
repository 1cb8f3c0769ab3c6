namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// Input the grain refused; nothing was changed. <see cref="Errors"/> maps each offending field
/// (by its snake_case API name) to what is wrong with it.
/// </summary>
[GenerateSerializer, Alias("TodoGrains.TaskValidationException")]
public sealed class TaskValidationException : Exception
{
    public TaskValidationException()
    {
    }

    public TaskValidationException(string message) : base(message)
    {
    }

    public TaskValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public TaskValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
    {
        Errors = errors;
    }

    public TaskValidationException(string field, string error) : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    [Id(0)] public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();
}
