using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TodoGrains.GrainInterfaces;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests;

/// <summary>A two-silo TestingHost cluster shared by every grain test; each test uses a fresh user id.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public static TestClock Clock => TestClock.Instance;

    public static RecordingPublisher Events => RecordingPublisher.Instance;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public ITaskListGrain NewUser(out string userId)
    {
        userId = "user-" + Guid.NewGuid().ToString("N");
        return Grains.GetGrain<ITaskListGrain>(userId);
    }

    /// <summary>The reminder rows of a user's task grain, read from the silos' reminder table.</summary>
    public async Task<IReadOnlyList<ReminderEntry>> RemindersOf(string userId)
    {
        var table = Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress).GetRequiredService<IReminderTable>();
        var grainId = Grains.GetGrain<ITaskListGrain>(userId).GetGrainId();
        return (await table.ReadRows(grainId)).Reminders.ToList();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(TaskListLayout.StorageName);
            siloBuilder.UseInMemoryReminderService();
            // The grains read the test clock; Orleans' own timers, membership and reminders keep real time.
            siloBuilder.Services.AddSingleton<TimeProvider>(TestClock.Instance);
            siloBuilder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>("Orleans.Grains", TimeProvider.System);
            siloBuilder.Services.AddTodoGrainServices();
            siloBuilder.Services.AddSingleton<IEventPublisher>(RecordingPublisher.Instance);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
