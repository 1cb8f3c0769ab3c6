namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// The one collector of field errors, for the grains' checks and for the parsing of the API's and the tools' text
/// alike: one answer names every problem, under the field's snake_case name, before anything changes.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>The fields named so far.</summary>
    public IEnumerable<string> Fields => _errors.Keys;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The messages by field, as problem details write them.</summary>
    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new TaskValidationException(ToDictionary());
        }
    }
}
