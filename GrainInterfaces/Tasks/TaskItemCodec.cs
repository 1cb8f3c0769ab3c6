using System.Buffers;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.GeneratedCodeHelpers;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;
using TodoGrains.Contracts.Tasks;

namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// How Orleans writes a <see cref="TaskItem"/> (grain calls, grain storage). The record keeps its instants packed,
/// which Orleans' generated serializer cannot set, so this codec writes exactly what the generated one wrote when
/// the stored format was set: an empty base section, then fields 0 to 16 in order (test: StoredFormatTests). A field
/// this version does not know is skipped, one it expects and does not find keeps its default.
/// </summary>
[RegisterSerializer]
internal sealed class TaskItemCodec(ICodecProvider codecs) : IFieldCodec<TaskItem>
{
    private static readonly Type TaskItemType = typeof(TaskItem);
    private static readonly Type StatusType = typeof(TodoStatus);
    private static readonly Type PriorityType = typeof(Priority);
    private static readonly Type TagsType = typeof(IReadOnlyList<string>);
    private static readonly Type DueType = typeof(TaskDue);
    private static readonly Type ReminderType = typeof(TaskReminder);
    private static readonly Type OccurrenceType = typeof(int?);
    private static readonly Type InstantType = typeof(DateTimeOffset?);

    private readonly IFieldCodec<TodoStatus> _status = codecs.GetCodec<TodoStatus>();
    private readonly IFieldCodec<Priority> _priority = codecs.GetCodec<Priority>();
    private readonly IFieldCodec<IReadOnlyList<string>> _tags = codecs.GetCodec<IReadOnlyList<string>>();
    private readonly IFieldCodec<TaskDue> _due = codecs.GetCodec<TaskDue>();
    private readonly IFieldCodec<TaskReminder> _reminder = codecs.GetCodec<TaskReminder>();
    private readonly IFieldCodec<int?> _occurrence = codecs.GetCodec<int?>();
    private readonly IFieldCodec<DateTimeOffset?> _instant = codecs.GetCodec<DateTimeOffset?>();

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, TaskItem? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject(fieldIdDelta, expectedType, TaskItemType);
        writer.WriteEndBase();
        Int32Codec.WriteField(ref writer, 0, value.Id);
        StringCodec.WriteField(ref writer, 1, value.Title);
        StringCodec.WriteField(ref writer, 1, value.Description);
        _status.WriteField(ref writer, 1, StatusType, value.Status);
        _priority.WriteField(ref writer, 1, PriorityType, value.Priority);
        _tags.WriteField(ref writer, 1, TagsType, value.Tags);
        _due.WriteField(ref writer, 1, DueType, value.Due!);
        _reminder.WriteField(ref writer, 1, ReminderType, value.Reminder!);
        StringCodec.WriteField(ref writer, 1, value.Recurrence);
        StringCodec.WriteField(ref writer, 1, value.SeriesId);
        _occurrence.WriteField(ref writer, 1, OccurrenceType, value.Occurrence);
        DateTimeOffsetCodec.WriteField(ref writer, 1, value.CreatedAt);
        DateTimeOffsetCodec.WriteField(ref writer, 1, value.UpdatedAt);
        _instant.WriteField(ref writer, 1, InstantType, value.CompletedAt);
        _instant.WriteField(ref writer, 1, InstantType, value.ReminderSentFor);
        _instant.WriteField(ref writer, 1, InstantType, value.DueAt);
        _instant.WriteField(ref writer, 1, InstantType, value.RemindAt);
        writer.WriteEndObject();
    }

    public TaskItem ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference<TaskItem, TInput>(ref reader, field)!;
        }

        field.EnsureWireTypeTagDelimited();
        // The task's reference id comes before its fields', as when it was written.
        var referenceId = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        var id = 0;
        var title = "";
        string? description = null, recurrence = null, seriesId = null;
        var status = TodoStatus.Pending;
        var priority = Priority.None;
        IReadOnlyList<string>? tags = null;
        TaskDue? due = null;
        TaskReminder? reminder = null;
        int? occurrence = null;
        DateTimeOffset created = default, updated = default;
        DateTimeOffset? completed = null, reminderSent = null, dueAt = null, remindAt = null;

        Field header = default;
        reader.ReadFieldHeader(ref header);
        reader.ConsumeEndBaseOrEndObject(ref header);
        if (header.IsEndBaseFields)
        {
            uint fieldId = 0;
            while (true)
            {
                reader.ReadFieldHeader(ref header);
                if (header.IsEndBaseOrEndObject)
                {
                    break;
                }

                fieldId += header.FieldIdDelta;
                switch (fieldId)
                {
                    case 0: id = Int32Codec.ReadValue(ref reader, header); break;
                    case 1: title = StringCodec.ReadValue(ref reader, header) ?? ""; break;
                    case 2: description = StringCodec.ReadValue(ref reader, header); break;
                    case 3: status = _status.ReadValue(ref reader, header); break;
                    case 4: priority = _priority.ReadValue(ref reader, header); break;
                    case 5: tags = _tags.ReadValue(ref reader, header); break;
                    case 6: due = _due.ReadValue(ref reader, header); break;
                    case 7: reminder = _reminder.ReadValue(ref reader, header); break;
                    case 8: recurrence = StringCodec.ReadValue(ref reader, header); break;
                    case 9: seriesId = StringCodec.ReadValue(ref reader, header); break;
                    case 10: occurrence = _occurrence.ReadValue(ref reader, header); break;
                    case 11: created = DateTimeOffsetCodec.ReadValue(ref reader, header); break;
                    case 12: updated = DateTimeOffsetCodec.ReadValue(ref reader, header); break;
                    case 13: completed = _instant.ReadValue(ref reader, header); break;
                    case 14: reminderSent = _instant.ReadValue(ref reader, header); break;
                    case 15: dueAt = _instant.ReadValue(ref reader, header); break;
                    case 16: remindAt = _instant.ReadValue(ref reader, header); break;
                    default: reader.ConsumeUnknownField(ref header); break;
                }
            }
        }

        var task = new TaskItem
        {
            Id = id,
            Title = title,
            Description = description,
            Status = status,
            Priority = priority,
            Tags = tags ?? [],
            Due = due,
            Reminder = reminder,
            Recurrence = recurrence,
            SeriesId = seriesId,
            Occurrence = occurrence,
            CreatedAt = created,
            UpdatedAt = updated,
            CompletedAt = completed,
            ReminderSentFor = reminderSent,
            DueAt = dueAt,
            RemindAt = remindAt,
        };
        ReferenceCodec.RecordObject(reader.Session, task, referenceId);
        return task;
    }
}
