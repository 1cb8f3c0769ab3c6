using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// One copy of each distinct tag set, tag and due among a person's tasks in memory. A person reuses a handful of tags
/// and dates across hundreds of tasks; as read from storage or from requests each task had its own list, strings
/// and due, about a third of an active grain's memory (docs/performance.md). The values are immutable, so tasks can
/// share them.
/// </summary>
internal sealed class SharedValues
{
    private readonly Dictionary<string, string[]> _tagSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<TaskDue, TaskDue> _dues = [];

    /// <summary>The task, or an equal copy whose tags and due are the shared instances.</summary>
    public TaskItem Share(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var tags = ShareTags(task.Tags);
        var due = task.Due is { } d ? ShareDue(d) : null;
        return ReferenceEquals(tags, task.Tags) && ReferenceEquals(due, task.Due) ? task : task with { Tags = tags, Due = due };
    }

    private string[] ShareTags(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return Array.Empty<string>();
        }

        // Tags are single lower-case words, so a control character cannot occur inside one.
        var key = string.Join('\u001f', tags);
        if (_tagSets.TryGetValue(key, out var shared))
        {
            return shared;
        }

        shared = new string[tags.Count];
        for (var i = 0; i < shared.Length; i++)
        {
            var tag = tags[i];
            if (!_tags.TryGetValue(tag, out var known))
            {
                _tags[tag] = known = tag;
            }

            shared[i] = known;
        }

        _tagSets[key] = shared;
        return shared;
    }

    private TaskDue ShareDue(TaskDue due)
    {
        if (!_dues.TryGetValue(due, out var shared))
        {
            _dues[due] = shared = due;
        }

        return shared;
    }
}
