using AdaFtr.Grains.Compute;
using AdaFtr.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;

namespace AdaFtr.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>Registers this silo's devices (one compute thread each) and the placement that lets a job put workers where it wants.</summary>
    public static ISiloBuilder AddAdaFtrTraining(this ISiloBuilder builder, IReadOnlyList<string> devices, int workerSlotsPerDevice)
    {
        builder.Services.AddSingleton(new DeviceSlots(devices, workerSlotsPerDevice));
        builder.AddPlacementDirector<JobAssignedPlacement, JobAssignedPlacementDirector>();
        return builder;
    }
}
