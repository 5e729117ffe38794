using AdaFtr.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Jobs;
using AdaFtr.Grains.Placement;
using AdaFtr.Grains.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdaFtr.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// Registers this silo's devices (one compute thread each), the placement that lets a job put workers and shards
    /// where it wants, and, unless the host registered grain storage named <see cref="JobStateStorage.Name"/> before
    /// (Redis in a cluster), job records in this silo's memory (the embedded one-silo cluster).
    /// </summary>
    /// <param name="checkpointStore">The cluster's checkpoint store, where a reactivated job grain looks for its newest checkpoint; null: none.</param>
    /// <param name="allowFaults">Test mode: job specs may carry injected faults. Default false: they are refused.</param>
    public static ISiloBuilder AddAdaFtrTraining(this ISiloBuilder builder, IReadOnlyList<string> devices, string? checkpointStore = null, bool allowFaults = false)
    {
        if (!builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, JobStateStorage.Name)))
            builder.AddMemoryGrainStorage(JobStateStorage.Name, storage => storage.Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = ScheduleStateSerializer.For(services)));
        builder.Services.AddSingleton(new DeviceSlots(devices));
        builder.Services.AddSingleton(new ClusterCheckpoints(checkpointStore));
        builder.Services.AddSingleton(new FaultInjection(allowFaults));
        builder.Services.AddHostedService<JobRevival>();
        builder.AddPlacementDirector<JobAssignedPlacement, JobAssignedPlacementDirector>();
        // Parameter shards hold state in memory: when a silo dies, the default directory can briefly
        // lose track of grains on the survivors and activate an empty twin. The distributed directory
        // keeps one activation per grain through membership changes.
#pragma warning disable ORLEANSEXP003   // experimental in Orleans 10; chosen for the guarantee above
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        return builder;
    }

    /// <summary>
    /// Registers what schedule grains need besides storage and reminders: their clock (the system's, unless a
    /// <see cref="ScheduleClock"/> is registered already, as tests do) and <see cref="ScheduleOptions"/>. The host adds
    /// grain storage named <see cref="ScheduleOptions.StorageName"/> and a reminder service: in memory
    /// (<see cref="AddAdaFtrSchedulesInMemory"/>) or in Redis.
    /// </summary>
    public static ISiloBuilder AddAdaFtrSchedules(this ISiloBuilder builder, Action<ScheduleOptions>? configure = null)
    {
        builder.Services.TryAddSingleton(new ScheduleClock(TimeProvider.System));
        builder.Services.AddOptions<ScheduleOptions>().Configure(o => configure?.Invoke(o))
            .Validate(o => o.ReminderPeriod >= TimeSpan.FromMinutes(1), $"{nameof(ScheduleOptions.ReminderPeriod)}: Orleans reminders tick at most once a minute; use 1 minute or more")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"{nameof(ScheduleOptions.PollInterval)}: must be positive")
            .ValidateOnStart();
        return builder;
    }

    /// <summary>Schedules as <see cref="AddAdaFtrSchedules"/>, with their state and reminders in this silo's memory (a one-silo cluster: lost when it stops).</summary>
    public static ISiloBuilder AddAdaFtrSchedulesInMemory(this ISiloBuilder builder, Action<ScheduleOptions>? configure = null)
    {
        builder.AddMemoryGrainStorage(ScheduleOptions.StorageName, storage => storage.Configure<IServiceProvider>((o, services) => o.GrainStorageSerializer = ScheduleStateSerializer.For(services)));
        builder.UseInMemoryReminderService();
        return builder.AddAdaFtrSchedules(configure);
    }
}
