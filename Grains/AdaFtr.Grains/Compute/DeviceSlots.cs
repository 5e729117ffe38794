using AdaFtr.Model.Runtime;

namespace AdaFtr.Grains.Compute;

/// <summary>
/// This silo's devices (<c>cpu</c>, <c>cuda:N</c>) with a compute thread each, and which worker
/// holds which. A worker activating here takes the least-loaded device; workers sharing a device
/// queue on its thread (the job places K workers over the silos, one per silo round-robin, so a
/// device is shared only when K exceeds the cluster's devices). Job work runs on a thread of its
/// own and every parameter shard has one, so neither queues behind a training step.
/// </summary>
public sealed class DeviceSlots : IDisposable
{
    private readonly Dictionary<string, ComputeThread> _threads;
    private readonly Dictionary<string, string> _holders = [];   // worker key -> device
    private readonly object _gate = new();

    public DeviceSlots(IReadOnlyList<string> devices)
    {
        if (devices.Count == 0) throw new ArgumentException("at least one device", nameof(devices));
        Devices = devices;
        _threads = devices.ToDictionary(d => d, d => new ComputeThread($"adaftr-{d}"));
        Service = new ComputeThread("adaftr-service");
    }

    public IReadOnlyList<string> Devices { get; }

    /// <summary>The thread for job work (CPU): validation and initial values.</summary>
    public ComputeThread Service { get; }

    public (string Device, ComputeThread Thread) Claim(string worker)
    {
        lock (_gate)
        {
            if (!_holders.TryGetValue(worker, out var device))
            {
                device = Devices.OrderBy(d => _holders.Values.Count(h => h == d)).First();
                _holders[worker] = device;
            }
            return (device, _threads[device]);
        }
    }

    public void Release(string worker)
    {
        lock (_gate) _holders.Remove(worker);
    }

    /// <summary>Workers per device now, for status pages.</summary>
    public IReadOnlyDictionary<string, int> Load()
    {
        lock (_gate) return Devices.ToDictionary(d => d, d => _holders.Values.Count(h => h == d));
    }

    public void Dispose()
    {
        foreach (var thread in _threads.Values) thread.Dispose();
        Service.Dispose();
    }
}
