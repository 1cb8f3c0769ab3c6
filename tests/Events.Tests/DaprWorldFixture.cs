namespace TodoGrains.Events.Tests;

/// <summary>The Dapr world (<see cref="DaprWorld"/>), started once for the event tests.</summary>
public sealed class DaprWorldFixture : DaprWorld, IAsyncLifetime
{
    public ValueTask InitializeAsync() => new(StartAsync());
}
