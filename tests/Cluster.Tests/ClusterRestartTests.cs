using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;
using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains;
using TodoGrains.Grains.Outbox;
using TodoGrains.Silo.Extensions;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

/// <summary>A TestingHost cluster on PostgreSQL (ADO.NET grain storage and reminders through our schema).</summary>
public sealed class ClusterRestartTests : IAsyncLifetime
{
    // The silo configurator is created by type name, so it reads the database from here.
    private static string s_connectionString = "";

    public async ValueTask InitializeAsync()
    {
        s_connectionString = await PostgresServer.CreateDatabaseAsync();
        await new PostgresMigrator(s_connectionString, NullLogger.Instance).MigrateAsync();
    }

    public async ValueTask DisposeAsync() => await PostgresServer.DropDatabaseAsync(s_connectionString);

    [Fact]
    public async Task TaskStateAndPendingReminders_SurviveAFullClusterRestart()
    {
        var serviceId = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var userId = "restart-" + Guid.NewGuid().ToString("N");
        var remindAt = DateTimeOffset.UtcNow.AddSeconds(25);
        TaskPage before;

        await using (var first = await StartClusterAsync(serviceId))
        {
            var list = first.GrainFactory.GetGrain<ITaskListGrain>(userId);
            await list.UpdateProfileAsync(new UserProfile("Europe/Paris", new TimeOnly(8, 0)));
            // Enough tasks to fill a segment record and leave a journal behind.
            for (var i = 1; i <= 150; i++)
            {
                await list.AddAsync(new TaskDraft { Title = $"Task {i}", Tags = ["bulk"], Due = DueInput.OnDate(new DateOnly(2030, 1, 1 + (i % 28))) });
            }

            await list.CompleteAsync(7);
            await list.DeleteAsync(8);
            await list.AddAsync(new TaskDraft { Title = "Ring the bell", Reminder = ReminderInput.AtInstant(remindAt) });
            before = await list.ListAsync(new TaskQuery { Sort = TaskSort.Created, Limit = TaskQuery.MaxLimit });
            Assert.Equal(1L, await PostgresServer.ScalarAsync<long>(s_connectionString, $"SELECT count(*) FROM orleans_reminders WHERE grain_id LIKE '%{userId}'"));
            await first.StopAllSilosAsync(TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(RecordingPublisher.Instance.For(userId), e => e.Topic == TodoTopics.Reminders);

        await using var second = await StartClusterAsync(serviceId);
        var again = second.GrainFactory.GetGrain<ITaskListGrain>(userId);
        var after = await again.ListAsync(new TaskQuery { Sort = TaskSort.Created, Limit = TaskQuery.MaxLimit });
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Items, after.Items);
        Assert.Equal("Europe/Paris", (await again.GetProfileAsync()).TimeZone);
        Assert.Equal(TodoStatus.Completed, (await again.GetAsync(7))!.Status);
        Assert.Null(await again.GetAsync(8));

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!RecordingPublisher.Instance.For(userId).Any(e => e.Topic == TodoTopics.Reminders) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        var fired = Assert.Single(RecordingPublisher.Instance.For(userId), e => e.Topic == TodoTopics.Reminders);
        Assert.Equal("Ring the bell", fired.Task.Title);
        Assert.True(fired.OccurredAt >= remindAt);
        await second.StopAllSilosAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<TestCluster> StartClusterAsync(string serviceId)
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.AddSiloBuilderConfigurator<PostgresSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class PostgresSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddTodoPostgresStorage(s_connectionString);
            siloBuilder.Services.AddTodoGrainServices();
            siloBuilder.Services.AddSingleton<IEventPublisher>(RecordingPublisher.Instance);
        }
    }
}
