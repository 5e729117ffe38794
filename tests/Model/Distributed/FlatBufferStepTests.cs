using AdaFtr.Model.Configuration;
using AdaFtr.Model.Distributed;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>
/// A worker's step as the wire carries it: parameters and rows up from their bytes as one flat buffer each, gradients
/// down as one. It must push the same bits as the step on tensors, and count exactly those three copies.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class FlatBufferStepTests
{
    private const int Workers = 2, Shards = 3, PerWorker = 6;

    [Fact]
    public void The_flat_buffer_step_pushes_the_same_bits_and_counts_three_transfers()
    {
        var config = TinyModels.Config() with { Training = new TrainingConfig { BatchSize = Workers * PerWorker, MicroBatches = Workers, Seed = 5 } };
        torch.manual_seed(config.Training.Seed);
        using var model = new AdaFtrModel(config);
        var layout = ParameterLayout.Of(model, Shards);
        var dense = model.named_parameters().Where(p => p.name != AdaFtrModel.EmbeddingName).ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var table = model.named_parameters().Single(p => p.name == AdaFtrModel.EmbeddingName).parameter;
        using var flat = new WorkerReplica(config);
        using var onTensors = new WorkerReplica(config);

        for (int step = 0; step < 2; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var batch = TinyModels.RandomBatch(Workers * PerWorker, seed: 80 + step);
            for (int k = 0; k < Workers; k++)
            {
                using var micro = batch.Slice(k * PerWorker, PerWorker);
                using var index = flat.Index(micro);
                var rowIds = index.RowIds.data<long>().ToArray();
                var rows = table.index_select(0, index.RowIds).detach();

                onTensors.Load(dense);
                var expected = onTensors.Compute(micro, index, rows, 1.0 / Workers);

                flat.Load(dense.ToDictionary(kv => kv.Key, kv => TensorBytes.FromTensor(kv.Value)));
                var pulled = flat.Rows(Enumerable.Range(0, Shards).Select(s => TensorBytes.FromTensor(rows.index_select(0, InRange(index.RowIds, layout, s)))), rowIds.Length);
                var host = flat.Download(flat.Compute(micro, index, pulled, 1.0 / Workers), rowIds, "@rows");

                flat.Transfers.Take().Should().Be(3, "dense parameters up, rows up, gradients down: one flat buffer each");
                host.FirstNonFinite.Should().BeNull();
                host.Loss.Should().Be(expected.Loss.ToDouble());
                for (int s = 0; s < Shards; s++)
                {
                    var want = WorkerReplica.ForShard(expected, layout, s);
                    var (gotDense, gotIds, gotRows) = host.ForShard(layout, s);
                    gotDense.Select(d => d.Name).Should().Equal(want.Dense.Keys);
                    foreach (var (name, _, data) in gotDense) data.Should().Equal(TensorBytes.FromTensor(want.Dense[name]), $"'{name}' for shard {s}");
                    gotIds.Should().Equal(want.RowIds.data<long>().ToArray());
                    gotRows.Should().Equal(TensorBytes.FromTensor(want.RowGradients));
                }
            }
        }
        onTensors.Transfers.Take().Should().Be(0, "a CPU replica fed tensors copies nothing across the host boundary");
    }

    [Fact]
    public void A_non_finite_gradient_is_named_from_the_flags_that_came_down_with_it()
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config();
        using var replica = new WorkerReplica(config);
        var gradients = new WorkerGradients(
            new Dictionary<string, Tensor> { ["a"] = torch.tensor(new[] { 1f, 2f }), ["b"] = torch.tensor(new[] { float.PositiveInfinity }) },
            torch.tensor(new long[] { 4 }), torch.ones(1, config.EmbeddingDim), torch.tensor(0.25));
        var host = replica.Download(gradients, [4], "@rows");
        host.FirstNonFinite.Should().Be("b");
        host.Loss.Should().Be(0.25);
    }

    private static Tensor InRange(Tensor rowIds, ParameterLayout layout, int shard)
    {
        var (start, end) = layout.RowRange(shard);
        return ((rowIds >= start).logical_and(rowIds < end)).nonzero().squeeze(1);
    }
}
