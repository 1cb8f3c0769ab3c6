using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TodoGrains.Contracts.Events;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>The reminders and timers of a grain activation, recorded; timers fire only when a test says so.</summary>
internal sealed class RecordingReminderHost : IReminderHost
{
    public Dictionary<string, (TimeSpan Due, TimeSpan Period)> Reminders { get; } = new(StringComparer.Ordinal);

    public List<(string Name, TimeSpan Due, bool Disposed)> Timers { get; } = [];

    public int Registrations { get; private set; }

    public bool FailRegistrations { get; set; }

    public Task RegisterAsync(string name, TimeSpan due, TimeSpan period)
    {
        if (FailRegistrations)
        {
            throw new InvalidOperationException("The reminder table is down (test).");
        }

        Registrations++;
        Reminders[name] = (due, period);
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(string name)
    {
        Reminders.Remove(name);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyCollection<string>> NamesAsync() => Task.FromResult<IReadOnlyCollection<string>>([.. Reminders.Keys]);

    public IDisposable StartTimer(string name, TimeSpan due)
    {
        var index = Timers.Count;
        Timers.Add((name, due, false));
        return new Disposer(() => Timers[index] = Timers[index] with { Disposed = true });
    }

    public IEnumerable<(string Name, TimeSpan Due)> LiveTimers => Timers.Where(t => !t.Disposed).Select(t => (t.Name, t.Due));

    private sealed class Disposer(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>Grain storage in a dictionary, with ETags as versions and a switch to fail writes.</summary>
internal sealed class DictionaryGrainStorage : IGrainStorage
{
    private readonly Dictionary<string, (object State, int Version)> _records = new(StringComparer.Ordinal);

    public bool FailWrites { get; set; }

    public List<string> Written { get; } = [];

    public IEnumerable<string> Names => _records.Keys;

    public T? Get<T>(string name) => _records.TryGetValue(name, out var record) ? (T)record.State : default;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_records.TryGetValue(stateName, out var record))
        {
            grainState.State = (T)record.State;
            grainState.ETag = record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (FailWrites)
        {
            throw new InvalidOperationException("The database is down (test).");
        }

        var version = _records.TryGetValue(stateName, out var record) ? record.Version : 0;
        var expected = grainState.RecordExists ? grainState.ETag : null;
        if (expected != (version == 0 ? null : version.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            throw new InconsistentStateException($"ETag mismatch on {stateName}.");
        }

        _records[stateName] = (grainState.State!, version + 1);
        grainState.ETag = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        Written.Add(stateName);
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _records.Remove(stateName);
        grainState.ETag = null!;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}

/// <summary>A grain's persistent state kept in a <see cref="DictionaryGrainStorage"/> record.</summary>
internal sealed class StoredState<T>(DictionaryGrainStorage storage, string name) : IPersistentState<T>
    where T : new()
{
    private readonly GrainState<T> _record = new(new T());

    public T State { get => _record.State!; set => _record.State = value; }

    public string? Etag => _record.ETag;

    public bool RecordExists => _record.RecordExists;

    public Task ReadStateAsync() => storage.ReadStateAsync(name, default, _record);

    public Task WriteStateAsync() => storage.WriteStateAsync(name, default, _record);

    public Task ClearStateAsync() => storage.ClearStateAsync(name, default, _record);
}

/// <summary>A publisher that refuses while told to.</summary>
internal sealed class SwitchPublisher : IEventPublisher
{
    public List<TodoEvent> Accepted { get; } = [];

    public bool Refusing { get; set; }

    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        if (Refusing)
        {
            throw new InvalidOperationException("The broker is down (test).");
        }

        Accepted.Add(evt);
        return Task.CompletedTask;
    }
}

internal static class Collaborators
{
    public static TodoMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static IIdGenerator Ids(TimeProvider time) => new GuidIdGenerator(time);
}
