using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TodoGrains.Grains.Agent;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Tasks;
using TodoGrains.Grains.Time;
using TodoGrains.Hosting;

namespace TodoGrains.Grains;

public static class GrainServices
{
    /// <summary>What the grains need besides the publisher port: a clock, an id source and the product's metrics.</summary>
    public static IServiceCollection AddTodoGrainServices(this IServiceCollection services)
    {
        services.AddTodoOptions<AgentOptions>(AgentOptions.SectionName);
        services.TryAddSingleton<TodoAgent>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdGenerator, GuidIdGenerator>();
        services.AddMetrics();
        services.TryAddSingleton<TodoMetrics>();
        return services;
    }

    /// <summary>On a silo with reminders: fires the task reminders that fell due while no silo ran, at start.</summary>
    public static IServiceCollection AddMissedReminderWakeUp(this IServiceCollection services) =>
        services.AddHostedService<MissedReminders>();
}
