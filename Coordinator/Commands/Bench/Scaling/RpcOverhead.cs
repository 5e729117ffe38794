using System.Diagnostics;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// The cost of one grain call round trip inside a silo (Orleans' scheduling and message handling,
/// no network): the mean of sequential calls to a parameter-server grain's cheapest method.
/// </summary>
public static class RpcOverhead
{
    private const int Warmup = 200, Calls = 2_000;

    public static async Task<double> MeasureAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var shard = grains.GetGrain<IParameterServerGrain>(GrainKeys.ParameterShard($"bench-scale-ping-{Guid.NewGuid():N}", 0));
        for (int i = 0; i < Warmup; i++) await shard.GetInfoAsync();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Calls; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await shard.GetInfoAsync();
        }
        return clock.Elapsed.TotalSeconds / Calls;
    }
}
