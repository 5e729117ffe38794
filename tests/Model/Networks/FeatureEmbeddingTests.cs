using AdaFtr.Model.Features;
using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Networks;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class FeatureEmbeddingTests
{
    [Fact]
    public void Each_field_reads_its_own_rows_and_hashed_ids_fold_into_their_buckets()
    {
        using var scope = torch.NewDisposeScope();
        var schema = new FeatureSchema([new SparseField("a", 3), new SparseField("b", 2), new SparseField("h", 4, Hashed: true)], [], ["ctr", "cvr"]);
        using var embedding = new FeatureEmbedding(schema, 2);
        using (torch.no_grad()) embedding.Weight.copy_(torch.arange(18, dtype: ScalarType.Float32).view(9, 2));   // row r = (2r, 2r+1)
        var sparse = torch.tensor(new long[] { 2, 1, 9, 0, 0, 4 }, [2, 3]);
        var lookup = embedding.call(sparse);
        // rows: field a at 0, b at 3, h at 5; sample 0 -> 2, 3+1, 5+(9 mod 4); sample 1 -> 0, 3, 5+0
        lookup.Embedded.select(2, 0).data<float>().ToArray().Should().Equal(4, 8, 12, 0, 6, 10);
        lookup.RowIds.data<long>().ToArray().Should().Equal(0, 2, 3, 4, 5, 6);
        lookup.Embedded.requires_grad.Should().BeTrue();
    }
}
