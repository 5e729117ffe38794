using System.Runtime.InteropServices;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Metrics;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Distributed;

/// <summary>A worker's gradients for one step, before they are split over parameter-server shards.</summary>
/// <param name="Dense">By parameter name; a parameter without a gradient this step is absent.</param>
/// <param name="RowIds">int64 [U] sorted unique table rows the batch touched.</param>
/// <param name="RowGradients">[U, E].</param>
/// <param name="Loss">The scalar loss on the device (read with the gradients, in the same copy down).</param>
public sealed record WorkerGradients(IReadOnlyDictionary<string, Tensor> Dense, Tensor RowIds, Tensor RowGradients, Tensor Loss)
{
    /// <summary>The name of the first gradient holding NaN or ±Inf (<paramref name="rowsName"/> for the row gradients); null when all are finite.</summary>
    /// <remarks>One host synchronisation for all tensors, on the worker's own device, so no parameter shard pays for it.</remarks>
    public string? FirstNonFinite(string rowsName)
    {
        using var scope = torch.NewDisposeScope();
        var named = Named(rowsName);
        var finite = FiniteFlags(named).cpu().data<bool>().ToArray();
        int first = Array.IndexOf(finite, false);
        return first < 0 ? null : named[first].Key;
    }

    /// <summary>The dense gradients in their order, then the row gradients under <paramref name="rowsName"/>.</summary>
    internal IReadOnlyList<KeyValuePair<string, Tensor>> Named(string rowsName) => Dense.Append(new(rowsName, RowGradients)).ToList();

    /// <summary>bool [N]: whether each of <paramref name="named"/> holds only finite values, computed on their device.</summary>
    internal static Tensor FiniteFlags(IReadOnlyList<KeyValuePair<string, Tensor>> named) => torch.stack(named.Select(kv => torch.isfinite(kv.Value).all()).ToArray());
}

/// <summary>
/// A worker's copy of the model on its device (<c>cpu</c>, <c>cuda:N</c>): the dense parameters,
/// loaded with the parameter server's current values, and no embedding table: each step looks its
/// batch up in the rows it pulled, so what a replica holds does not grow with the vocabulary. It
/// computes gradients with the same <see cref="ForwardBackward"/> code the local trainer runs and
/// never updates itself. Batches and their <see cref="LookupIndex"/> may arrive on the CPU; they are
/// moved to the device here.
/// </summary>
public sealed class WorkerReplica : IDisposable
{
    private readonly AdaFtrModel _model;
    private readonly AdaFtrObjective _objective;
    private readonly Dictionary<string, Tensor> _dense;
    private readonly Device _device;
    private readonly Tensor _flat;

    public WorkerReplica(ModelConfig config, string device = "cpu")
    {
        _device = torch.device(device);
        _model = new AdaFtrModel(config, embeddingTable: false);
        _model.to(_device);
        _objective = new AdaFtrObjective(config.Objective);
        _dense = _model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        if (_dense.Values.FirstOrDefault(p => p.dtype != ScalarType.Float32) is { } other)
            throw new ArgumentException($"a worker replica holds float32 parameters, as they travel; this model has {other.dtype}", nameof(config));
        // Every dense parameter becomes a view into one flat tensor, so a step's parameters arrive in one copy.
        _flat = torch.empty(_dense.Values.Sum(p => p.numel()), ScalarType.Float32, _device).DetachFromDisposeScope();   // lives as long as the replica
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        long offset = 0;
        foreach (var parameter in _dense.Values)
        {
            var view = _flat.narrow(0, offset, parameter.numel()).view(parameter.shape);   // the parameter keeps the storage after the scope
            view.copy_(parameter);
            parameter.set_(view);
            offset += parameter.numel();
        }
    }

    /// <summary>The step payload's copies across the host boundary (parameters and rows up, gradients down, batches moved to the device).</summary>
    public TransferCounter Transfers { get; } = new();

    /// <summary>How this model's parameters split over <paramref name="shards"/> parameter-server shards.</summary>
    public ParameterLayout LayoutOver(int shards) => ParameterLayout.Of(_model, shards);

    /// <summary>Bytes of every tensor the replica keeps between steps (parameters and buffers).</summary>
    public long StateBytes => _model.parameters().Concat(_model.buffers()).Sum(t => t.numel() * t.ElementSize);

    /// <summary>The rows <paramref name="batch"/> reads and how to gather and sum them, computed where the batch is (once, when it is read).</summary>
    public LookupIndex Index(Batch batch) => _model.Features.Index(batch.Sparse);

    /// <summary>Overwrites the replica's dense parameters by name (all of them).</summary>
    public void Load(IReadOnlyDictionary<string, Tensor> dense)
    {
        using var _ = torch.no_grad();
        foreach (var (name, parameter) in _dense)
        {
            if (!dense.TryGetValue(name, out var value)) throw new ArgumentException($"no value for dense parameter {name}", nameof(dense));
            parameter.copy_(value);   // copy_ moves across devices
        }
    }

    /// <summary>
    /// Overwrites the replica's dense parameters from their float32 bytes by name (all of them), in one copy: on the
    /// CPU straight into the flat tensor the parameters are views of, elsewhere into one pinned host tensor and from
    /// there to the device.
    /// </summary>
    public void Load(IReadOnlyDictionary<string, byte[]> dense)
    {
        using var scope = torch.NewDisposeScope();
        var parts = _dense.Select(kv => dense.TryGetValue(kv.Key, out var bytes) && bytes.Length == kv.Value.numel() * sizeof(float) ? bytes
            : throw new ArgumentException($"no {kv.Value.numel()} float32 values for dense parameter {kv.Key}", nameof(dense)));
        if (_device.type == DeviceType.CPU)
        {
            Fill(_flat, parts);
            return;
        }
        var host = PackedUpload.HostBuffer(_flat.shape, ScalarType.Float32, pinned: true);
        Fill(host, parts);
        using var _ = torch.no_grad();
        // non_blocking is safe: see Upload.
        _flat.copy_(host, true);
    }

    /// <summary>[<paramref name="rows"/>, E] pulled rows on the device from their float32 bytes, in order: one copy up.</summary>
    public Tensor Rows(IEnumerable<byte[]> parts, long rows) => Upload(parts, [rows, _model.Config.EmbeddingDim]);

    /// <summary>
    /// <paramref name="parts"/> (float32 bytes, in order) as one tensor of <paramref name="shape"/> on the device:
    /// one copy from managed memory into a host tensor (the result itself on the CPU; pinned memory where a device
    /// is attached), and one copy from there to the device.
    /// </summary>
    private Tensor Upload(IEnumerable<byte[]> parts, long[] shape)
    {
        bool onHost = _device.type == DeviceType.CPU;
        var host = PackedUpload.HostBuffer(shape, ScalarType.Float32, pinned: !onHost);
        Fill(host, parts);
        if (onHost) return host;
        // non_blocking is safe: the source is pinned, the copy is queued on the stream every later use of the result runs on,
        // and the caching host allocator keeps the pinned block until the copy is done even when `host` is disposed first.
        return host.to(_device, non_blocking: true);
    }

    /// <summary>Copies <paramref name="parts"/> in order into the memory of <paramref name="host"/> (a float32 CPU tensor, filled exactly): one transfer.</summary>
    private void Fill(Tensor host, IEnumerable<byte[]> parts)
    {
        var target = host.bytes;   // the tensor's own memory, not a copy
        int offset = 0;
        foreach (var part in parts)
        {
            if (offset + part.Length > target.Length) throw new ArgumentException($"more than {target.Length} bytes for a [{string.Join(", ", host.shape)}] tensor", nameof(parts));
            part.CopyTo(target[offset..]);
            offset += part.Length;
        }
        if (offset != target.Length) throw new ArgumentException($"{offset} bytes for a [{string.Join(", ", host.shape)}] float32 tensor of {target.Length}", nameof(parts));
        Transfers.Add();
    }

    /// <summary>
    /// <paramref name="gradients"/> copied down in one buffer: dense gradients, row gradients, the loss and a finite
    /// flag per gradient are gathered into one flat float32 tensor on the device, which crosses to the host once.
    /// </summary>
    /// <param name="rowIds"><c>gradients.RowIds</c> as the caller already holds them on the host (the batch's index, read ahead).</param>
    public HostGradients Download(WorkerGradients gradients, long[] rowIds, string rowsName)
    {
        using var scope = torch.NewDisposeScope();
        var named = gradients.Named(rowsName);
        var finite = WorkerGradients.FiniteFlags(named).to_type(ScalarType.Float32);
        // The loss travels as a float32 and its float32 remainder: exact for a float32 loss, 48 bits for a float64 one.
        var total = gradients.Loss.detach().to_type(ScalarType.Float64).reshape(1);
        var high = total.to_type(ScalarType.Float32);
        var loss = torch.cat([high, (total - high.to_type(ScalarType.Float64)).to_type(ScalarType.Float32)]);
        var flat = torch.cat(named.Select(kv => kv.Value.detach().to_type(ScalarType.Float32).flatten()).Append(loss).Append(finite).ToArray());
        var bytes = flat.cpu().bytes.ToArray();
        Transfers.Add();
        var dense = new List<(string, long[], int)>();
        int offset = 0;
        foreach (var (name, tensor) in named.SkipLast(1))
        {
            dense.Add((name, tensor.shape, offset));
            offset += (int)tensor.numel() * sizeof(float);
        }
        int rowsOffset = offset;
        offset += (int)gradients.RowGradients.numel() * sizeof(float);
        var tail = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset));
        double lossValue = (double)tail[0] + tail[1];
        var flags = tail[2..];
        int first = flags.IndexOf(0f);
        string? bad = first < 0 ? null : named[first].Key;
        return new HostGradients(bytes, dense, rowIds, rowsOffset, _model.Config.EmbeddingDim, lossValue, bad);
    }

    /// <param name="index"><paramref name="batch"/>'s <see cref="Index"/>.</param>
    /// <param name="rows">[U, E] the pulled values of <c>index.RowIds</c>.</param>
    /// <param name="scale">1/K for K workers: the loss is scaled before backward, as the local trainer scales each micro-batch.</param>
    /// <returns>Gradients detached from the graph, on the device; they (and the index moved there) belong to the caller's dispose scope.</returns>
    public WorkerGradients Compute(Batch batch, LookupIndex index, Tensor rows, double scale)
    {
        _model.train();
        _model.zero_grad();
        var (onDevice, indexThere, moved) = OnDevice(batch, index);
        var lookup = FeatureEmbedding.Lookup(indexThere, AsParameters(rows), batch.Sparse.shape[1]);
        var result = ForwardBackward.Run(_model, _objective, _model.Forward(lookup, onDevice.Dense), onDevice, scale);
        if (moved) onDevice.Dispose();
        var dense = _dense.Where(kv => kv.Value.grad is not null).ToDictionary(kv => kv.Key, kv => kv.Value.grad!.detach().clone());
        return new WorkerGradients(dense, lookup.RowIds, result.RowGradients.detach(), result.Terms.Total.detach());
    }

    /// <summary>Per-task evaluation states of <paramref name="batch"/> with the loaded values and the pulled <paramref name="rows"/> of <paramref name="index"/> (no gradients).</summary>
    public IReadOnlyList<TaskEvaluation> Evaluate(Batch batch, LookupIndex index, Tensor rows)
    {
        var (onDevice, indexThere, moved) = OnDevice(batch, index);
        try
        {
            return BatchEvaluation.Of(_model, batch, () => _model.Forward(FeatureEmbedding.Lookup(indexThere, AsParameters(rows), batch.Sparse.shape[1]), onDevice.Dense));
        }
        finally
        {
            if (moved) onDevice.Dispose();
        }
    }

    /// <summary>
    /// The batch and its index where the replica computes: as they are when already there; otherwise moved in one
    /// packed copy per dtype (int64 ids and index, float32 features and labels: two copies, not one per tensor).
    /// The moved index belongs to the caller's dispose scope.
    /// </summary>
    private (Batch Batch, LookupIndex Index, bool Moved) OnDevice(Batch batch, LookupIndex index)
    {
        if (IsHere(batch.Sparse) && IsHere(index.RowIds)) return (batch, index, false);
        var (parts, copies) = PackedUpload.To(_device, [batch.Sparse, batch.Dense, batch.Labels, batch.User, .. index.Parts]);
        Transfers.Add(copies);
        return (new Batch(parts[0], parts[1], parts[2], parts[3]), LookupIndex.FromParts(parts[4..]), true);
    }

    private Tensor AsParameters(Tensor rows) => rows.to(_device).to_type(_dense.Values.First().dtype);

    private bool IsHere(Tensor tensor) => tensor.device_type == _device.type && tensor.device_index == _device.index;

    /// <summary>Splits <paramref name="gradients"/> by the shards of <paramref name="layout"/>.</summary>
    public static ShardGradients ForShard(WorkerGradients gradients, ParameterLayout layout, int shard)
    {
        var dense = layout.DenseOf(shard).Where(d => gradients.Dense.ContainsKey(d.Name)).ToDictionary(d => d.Name, d => gradients.Dense[d.Name]);
        var (start, end) = layout.RowRange(shard);
        var inRange = (gradients.RowIds >= start).logical_and(gradients.RowIds < end);     // [U]
        return new ShardGradients(dense, gradients.RowIds.masked_select(inRange), gradients.RowGradients.index_select(0, inRange.nonzero().squeeze(1)));
    }

    public void Dispose()
    {
        _model.Dispose();
        _flat.Dispose();
    }
}
