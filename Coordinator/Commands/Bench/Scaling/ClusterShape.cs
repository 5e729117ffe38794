namespace AdaFtr.Coordinator.Commands.Bench.Scaling;

/// <summary>
/// The cluster a step is simulated on: K workers packed <see cref="WorkersPerSilo"/> to a silo
/// (one network link each), S parameter-server shards placed round-robin over the silos (shard s
/// on silo s mod silos), and the costs that no single machine can measure.
/// </summary>
/// <param name="WorkersPerDevice">Workers sharing one device: a device runs one step at a time (one compute thread each), so their computes queue.</param>
/// <param name="BandwidthBytesPerSecond">Each silo's link, each direction (full duplex); infinity for none.</param>
/// <param name="RpcLatencySeconds">Network round trip added to every grain call (0 inside one process).</param>
/// <param name="MaxMessageBytes">Payload limit per grain call, as <c>JobSpec.MaxMessageBytes</c>: larger pulls and pushes take several sequential calls.</param>
/// <param name="ComputeSpeedup">Divides the measured per-worker compute time (1: the CPU it was measured on).</param>
public sealed record ClusterShape(
    int Workers,
    int WorkersPerSilo,
    int WorkersPerDevice,
    int ParameterShards,
    double BandwidthBytesPerSecond,
    double RpcLatencySeconds,
    int MaxMessageBytes,
    double ComputeSpeedup)
{
    public int Silos => (Workers + WorkersPerSilo - 1) / WorkersPerSilo;

    /// <summary>Workers on silo <paramref name="silo"/>: full silos first, the remainder on the last.</summary>
    public int WorkersOn(int silo) => Math.Clamp(Workers - silo * WorkersPerSilo, 0, WorkersPerSilo);

    public int SiloOfShard(int shard) => shard % Silos;

    /// <summary>Devices that compute in parallel; each runs its workers' steps one after another.</summary>
    public int Devices => (Workers + WorkersPerDevice - 1) / WorkersPerDevice;

    /// <exception cref="ArgumentException">naming the first setting out of range.</exception>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentException($"workers: {Workers} must be 1 or more");
        if (WorkersPerSilo < 1) throw new ArgumentException($"workers per silo: {WorkersPerSilo} must be 1 or more");
        if (WorkersPerDevice < 1 || WorkersPerDevice > WorkersPerSilo)
            throw new ArgumentException($"workers per device: {WorkersPerDevice} must be between 1 and the workers per silo ({WorkersPerSilo})");
        if (ParameterShards < 1) throw new ArgumentException($"parameter shards: {ParameterShards} must be 1 or more");
        if (!(BandwidthBytesPerSecond > 0)) throw new ArgumentException($"bandwidth: {BandwidthBytesPerSecond} bytes/s must be above 0");
        if (!(RpcLatencySeconds >= 0)) throw new ArgumentException($"latency: {RpcLatencySeconds} s must be 0 or more");
        if (MaxMessageBytes < 1) throw new ArgumentException($"max message bytes: {MaxMessageBytes} must be 1 or more");
        if (!(ComputeSpeedup > 0)) throw new ArgumentException($"compute speedup: {ComputeSpeedup} must be above 0");
    }
}
