using System.Diagnostics.Metrics;
using TodoGrains.Contracts.Telemetry;

namespace TodoGrains.Grains.Diagnostics;

/// <summary>The product's own metrics (meter <c>TodoGrains</c>), next to the ASP.NET Core, Orleans and runtime ones.</summary>
public sealed class TodoMetrics
{
    public const string MeterName = "TodoGrains";

    private readonly Counter<long> _tasksCreated;
    private readonly Counter<long> _tasksCompleted;
    private readonly Counter<long> _eventsPublished;
    private readonly Counter<long> _publishFailures;
    private readonly UpDownCounter<long> _outboxPending;
    private readonly Counter<long> _remindersFired;
    private readonly Histogram<double> _reminderLateness;
    private readonly Histogram<double> _eventDelivery;
    private readonly Counter<long> _eventsDeadLettered;
    private readonly Counter<long> _chatTurns;
    private readonly Histogram<double> _chatTurnDuration;

    public TodoMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _tasksCreated = meter.CreateCounter<long>("todo.tasks.created", "{task}", "Tasks added, including spawned occurrences");
        _tasksCompleted = meter.CreateCounter<long>("todo.tasks.completed", "{task}", "Tasks marked completed");
        _eventsPublished = meter.CreateCounter<long>("todo.events.published", "{event}", "Outbox events the publisher accepted");
        _publishFailures = meter.CreateCounter<long>("todo.events.publish_failures", "{attempt}", "Publish attempts the publisher refused");
        _outboxPending = meter.CreateUpDownCounter<long>("todo.outbox.pending", "{event}", "Committed events not yet accepted by the publisher");
        _remindersFired = meter.CreateCounter<long>("todo.reminders.fired", "{reminder}", "Task reminders announced");
        _reminderLateness = meter.CreateHistogram<double>("todo.reminders.lateness", "s", "How long after its instant a reminder was announced");
        _eventDelivery = meter.CreateHistogram<double>(EventTelemetry.DeliveryHistogram, "s", EventTelemetry.DeliveryDescription);
        _eventsDeadLettered = meter.CreateCounter<long>("todo.events.dead_lettered", "{event}", "Events an edge handler gave up on after its retries");
        _chatTurns = meter.CreateCounter<long>("todo.chat.turns", "{turn}", "Chat turns answered");
        _chatTurnDuration = meter.CreateHistogram<double>("todo.chat.turn.duration", "s", "Time to answer one chat turn");
    }

    public void TaskCreated() => _tasksCreated.Add(1);

    public void TaskCompleted() => _tasksCompleted.Add(1);

    public void EventsCommitted(int count) => _outboxPending.Add(count);

    public void EventPublished(string topic)
    {
        _eventsPublished.Add(1, new KeyValuePair<string, object?>("topic", topic));
        _outboxPending.Add(-1);
    }

    public void PublishFailed() => _publishFailures.Add(1);

    public void ReminderFired(TimeSpan lateness)
    {
        _remindersFired.Add(1);
        _reminderLateness.Record(Math.Max(0, lateness.TotalSeconds));
    }

    public void EventDelivered(string topic, TimeSpan sinceCommit) =>
        _eventDelivery.Record(Math.Max(0, sinceCommit.TotalSeconds), new KeyValuePair<string, object?>("topic", topic));

    public void EventDeadLettered(string handler) =>
        _eventsDeadLettered.Add(1, new KeyValuePair<string, object?>("handler", handler));

    public void ChatTurn(TimeSpan duration)
    {
        _chatTurns.Add(1);
        _chatTurnDuration.Record(duration.TotalSeconds);
    }
}
