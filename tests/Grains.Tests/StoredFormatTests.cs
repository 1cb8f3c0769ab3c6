using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests;

/// <summary>
/// Tasks already stored must stay readable: the bytes a segment record holds are pinned here, as the Orleans
/// binary serializer wrote them when the format was set, and must both read back and be written the same way.
/// </summary>
public sealed class StoredFormatTests : IDisposable
{
    // A segment with one task of every field, as stored (hex of the serializer's output).
    private const string StoredSegment =
        "20200103011D20E8001D410F5374616E64757041294461696C792C207769746820746865207465616D09030509030D3101C3" +
        "D96E3E4D526561644F6E6C794C697374496E74657266616365436F64656360315B5B737472696E675D5D00054109776F726B" +
        "40097465616DE021E8605C490B008100A8E76F4B000000E021E8C00181001A711802000000E04129465245513D5745454B4C" +
        "593B42594441593D4D4F4107732D31010D218000F4A43C5A70DE08810068C46108000000E02180000679C83A78DE08810068" +
        "C46108000000E02180000679C83A78DE08810068C46108000000E02180008E37FD3778DE08810068C46108000000E0218000" +
        "A8A8153A78DE08810068C46108000000E02180008E37FD3778DE08810094D0A9E2FFFFFFE0E0E0E0";

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(TaskItem).Assembly).AddAssembly(typeof(TaskSegmentState).Assembly))
        .BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private static TaskItem EveryField => new()
    {
        Id = 7,
        Title = "Standup",
        Description = "Daily, with the team",
        Status = TodoStatus.Completed,
        Priority = Priority.High,
        Tags = ["work", "team"],
        Due = new TaskDue(new DateOnly(2026, 3, 2), new TimeOnly(9, 0)),
        Reminder = TaskReminder.BeforeDue(TimeSpan.FromMinutes(15)),
        Recurrence = "FREQ=WEEKLY;BYDAY=MO",
        SeriesId = "s-1",
        Occurrence = 3,
        CreatedAt = new DateTimeOffset(2026, 2, 20, 8, 30, 0, TimeSpan.FromHours(1)),
        UpdatedAt = new DateTimeOffset(2026, 3, 2, 9, 5, 0, TimeSpan.FromHours(1)),
        CompletedAt = new DateTimeOffset(2026, 3, 2, 9, 5, 0, TimeSpan.FromHours(1)),
        ReminderSentFor = new DateTimeOffset(2026, 3, 2, 8, 45, 0, TimeSpan.FromHours(1)),
        DueAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(1)),
        RemindAt = new DateTimeOffset(2026, 3, 2, 8, 45, 0, TimeSpan.FromHours(-3.5)),
    };

    private Serializer<TaskSegmentState> Serializer => _services.GetRequiredService<Serializer<TaskSegmentState>>();

    [Fact]
    public void AStoredSegment_ReadsBackEveryField()
    {
        var read = Serializer.Deserialize(Convert.FromHexString(StoredSegment))!;

        var task = Assert.Single(read.Tasks).Value;
        Assert.Equal(EveryField, task);
        Assert.Equal(EveryField.RemindAt!.Value.Offset, task.RemindAt!.Value.Offset);
        Assert.Equal(EveryField.CreatedAt.Offset, task.CreatedAt.Offset);
    }

    [Fact]
    public void ASegment_IsWrittenInTheStoredFormat()
    {
        var written = Serializer.SerializeToArray(new TaskSegmentState { Tasks = { [7] = EveryField } });

        Assert.Equal(StoredSegment, Convert.ToHexString(written));
    }

    [Fact]
    public void ATaskWithOnlyItsRequiredFields_RoundTrips()
    {
        var bare = new TaskItem { Id = 1, Title = "Bare", CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch };

        var read = Assert.Single(Serializer.Deserialize(Serializer.SerializeToArray(new TaskSegmentState { Tasks = { [1] = bare } }))!.Tasks).Value;

        Assert.Equal(bare, read);
        Assert.Null(read.CompletedAt);
        Assert.Null(read.DueAt);
        Assert.Empty(read.Tags);
    }
}
