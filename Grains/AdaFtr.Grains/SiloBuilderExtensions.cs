using AdaFtr.Grains.Checkpoints;
using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace AdaFtr.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>Registers this silo's devices (one compute thread each) and the placement that lets a job put workers where it wants.</summary>
    /// <param name="checkpointStore">The cluster's checkpoint store, where a reactivated job grain looks for its newest checkpoint; null: none.</param>
    public static ISiloBuilder AddAdaFtrTraining(this ISiloBuilder builder, IReadOnlyList<string> devices, int workerSlotsPerDevice, string? checkpointStore = null)
    {
        builder.Services.AddSingleton(new DeviceSlots(devices, workerSlotsPerDevice));
        builder.Services.AddSingleton(new ClusterCheckpoints(checkpointStore));
        builder.AddPlacementDirector<JobAssignedPlacement, JobAssignedPlacementDirector>();
        // Parameter shards hold state in memory: when a silo dies, the default directory can briefly
        // lose track of grains on the survivors and activate an empty twin. The distributed directory
        // keeps one activation per grain through membership changes.
#pragma warning disable ORLEANSEXP003   // experimental in Orleans 10; chosen for the guarantee above
        builder.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        return builder;
    }
}
