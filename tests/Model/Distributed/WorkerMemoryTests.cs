using AdaFtr.Model.Distributed;
using AdaFtr.Model.Features;
using TorchSharp;

namespace AdaFtr.Model.Tests.Distributed;

/// <summary>A worker replica keeps the dense model only: the rows it uses arrive with each step, so no table sized by the vocabulary.</summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Equivalence")]
public sealed class WorkerMemoryTests
{
    [Fact]
    public void A_ten_times_larger_vocabulary_changes_a_replicas_tensor_bytes_by_less_than_ten_percent()
    {
        using var small = new WorkerReplica(Config(vocabulary: 10_000));
        using var large = new WorkerReplica(Config(vocabulary: 100_000));

        ((double)large.StateBytes / small.StateBytes).Should().BeLessThan(1.1);
        // and the measure sees the model: the dense parameters alone are most of it
        using var model = new AdaFtr.Model.Networks.AdaFtrModel(Config(vocabulary: 10_000));
        long dense = model.named_parameters().Where(p => p.name != "features.weight").Sum(p => p.parameter.numel() * sizeof(float));
        small.StateBytes.Should().BeGreaterThanOrEqualTo(dense).And.BeLessThan(dense + 1024);
    }

    private static AdaFtr.Model.Configuration.ModelConfig Config(int vocabulary) => TinyModels.Config() with
    {
        Schema = TinyModels.Schema() with { SparseFields = [new SparseField("user", vocabulary), new SparseField("item", vocabulary), new SparseField("hashed", 4, Hashed: true)] },
    };
}
