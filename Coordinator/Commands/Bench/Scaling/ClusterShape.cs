namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// The cluster a step is simulated on: <see cref="Silos"/> silos (one network link each), K workers
/// packed <see cref="WorkersPerSilo"/> to a silo from silo 0, and S parameter-server shards placed as the
/// job places them (shard s on silo s mod silos), and the costs that no single machine can measure.
/// The silos are a setting of their own, not derived from K, so that one worker can be simulated on the
/// cluster K workers use (<see cref="WithOneWorker"/>): the baseline scaling efficiency is measured against.
/// </summary>
/// <param name="WorkersPerDevice">Workers sharing one device: a device runs one step at a time (one compute thread each), so their computes queue.</param>
/// <param name="BandwidthBytesPerSecond">Each silo's link, each direction (full duplex); infinity for none.</param>
/// <param name="RpcLatencySeconds">Network round trip added to every grain call (0 inside one process).</param>
/// <param name="MaxMessageBytes">Payload limit per grain call, as <c>JobSpec.MaxMessageBytes</c>: larger pushes and replies take several sequential calls.</param>
/// <param name="ComputeSpeedup">Divides the measured per-worker compute time (1: the CPU it was measured on).</param>
public sealed record ClusterShape(
    int Workers,
    int Silos,
    int WorkersPerSilo,
    int WorkersPerDevice,
    int ParameterShards,
    double BandwidthBytesPerSecond,
    double RpcLatencySeconds,
    int MaxMessageBytes,
    double ComputeSpeedup)
{
    /// <summary>Silos K workers fill at <paramref name="workersPerSilo"/> a silo.</summary>
    public static int SilosFor(int workers, int workersPerSilo) => (workers + workersPerSilo - 1) / workersPerSilo;

    /// <summary>Workers on silo <paramref name="silo"/>: full silos first, the remainder on the next, none on the rest.</summary>
    public int WorkersOn(int silo) => Math.Clamp(Workers - silo * WorkersPerSilo, 0, WorkersPerSilo);

    public int SiloOfShard(int shard) => shard % Silos;

    /// <summary>Devices that compute in parallel; each runs its workers' steps one after another.</summary>
    public int Devices => (Workers + WorkersPerDevice - 1) / WorkersPerDevice;

    /// <summary>The same silos, shards, links and devices with worker 0 alone on silo 0.</summary>
    public ClusterShape WithOneWorker() => this with { Workers = 1 };

    /// <exception cref="ArgumentException">naming the first setting out of range.</exception>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentException($"workers: {Workers} must be 1 or more");
        if (WorkersPerSilo < 1) throw new ArgumentException($"workers per silo: {WorkersPerSilo} must be 1 or more");
        if (Silos < SilosFor(Workers, WorkersPerSilo))
            throw new ArgumentException($"silos: {Silos} cannot hold {Workers} workers at {WorkersPerSilo} per silo (needs {SilosFor(Workers, WorkersPerSilo)})");
        if (WorkersPerDevice < 1 || WorkersPerDevice > WorkersPerSilo)
            throw new ArgumentException($"workers per device: {WorkersPerDevice} must be between 1 and the workers per silo ({WorkersPerSilo})");
        if (ParameterShards < 1) throw new ArgumentException($"parameter shards: {ParameterShards} must be 1 or more");
        if (!(BandwidthBytesPerSecond > 0)) throw new ArgumentException($"bandwidth: {BandwidthBytesPerSecond} bytes/s must be above 0");
        if (!(RpcLatencySeconds >= 0)) throw new ArgumentException($"latency: {RpcLatencySeconds} s must be 0 or more");
        if (MaxMessageBytes < 1) throw new ArgumentException($"max message bytes: {MaxMessageBytes} must be 1 or more");
        if (!(ComputeSpeedup > 0)) throw new ArgumentException($"compute speedup: {ComputeSpeedup} must be above 0");
    }
}
