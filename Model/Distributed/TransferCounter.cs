namespace AdaFtr.Model.Distributed;

/// <summary>
/// Copies of a step's payload across the host boundary, made by a <see cref="WorkerReplica"/>: host↔device
/// copies where it runs on an accelerator, copies between managed memory and tensors where it runs on the CPU.
/// The worker takes the count once per step and reports it with the step.
/// </summary>
public sealed class TransferCounter
{
    private int _count;

    public void Add(int transfers = 1) => _count += transfers;

    /// <summary>The copies since the last call; the count starts again from zero.</summary>
    public int Take()
    {
        int count = _count;
        _count = 0;
        return count;
    }
}
