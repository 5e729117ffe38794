using AdaFtr.Model.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Networks;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class LookupIndexTests
{
    [Fact]
    public void Each_row_gets_the_sum_of_its_lookups()
    {
        using var scope = torch.NewDisposeScope();
        // 2 samples x 3 fields reading rows 7, 2, 7 / 7, 9, 2
        using var index = LookupIndex.Of(torch.tensor(new long[] { 7, 2, 7, 7, 9, 2 }, [2, 3]));
        var perLookup = torch.tensor(new float[] { 1, 10, 2, 20, 100, 3, 30, 200, 4, 40, 300, 5, 50, 400, 6, 60, 500, 7 }, [6, 3]);

        var sums = index.SumPerRow(perLookup);

        index.RowIds.data<long>().ToArray().Should().Equal(2, 7, 9);
        index.Inverse.data<long>().ToArray().Should().Equal(1, 0, 1, 1, 2, 0);
        sums.data<float>().ToArray().Should().Equal(
            20 + 60, 100 + 500, 3 + 7,             // row 2: lookups 1 and 5
            1 + 30 + 40, 10 + 200 + 300, 2 + 4 + 5, // row 7: lookups 0, 2 and 3
            50, 400, 6);                            // row 9: lookup 4
    }

    [Fact]
    public void Rows_read_many_times_sum_as_a_double_precision_loop_does_to_float_accuracy()
    {
        using var scope = torch.NewDisposeScope();
        var random = new Random(5);
        // 300 lookups over 9 rows, one of them in 100 of them: runs of every length, several tree rounds.
        var rows = Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? 4L : random.Next(9)).ToArray();
        var values = Enumerable.Range(0, 300 * 2).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        using var index = LookupIndex.Of(torch.tensor(rows, [100, 3]));

        var sums = index.SumPerRow(torch.tensor(values, [300, 2])).data<float>().ToArray();

        var ids = index.RowIds.data<long>().ToArray();
        for (int u = 0; u < ids.Length; u++)
            for (int e = 0; e < 2; e++)
            {
                double expected = Enumerable.Range(0, 300).Where(i => rows[i] == ids[u]).Sum(i => (double)values[i * 2 + e]);
                sums[u * 2 + e].Should().BeApproximately((float)expected, 1e-5f, $"row {ids[u]}, column {e}");
            }
    }

    [Fact]
    public void An_index_rebuilt_from_its_parts_sums_the_same_bits()
    {
        using var scope = torch.NewDisposeScope();
        var random = new Random(11);
        var rows = Enumerable.Range(0, 120).Select(_ => (long)random.Next(7)).ToArray();   // runs up to ~30 long: 5 tree rounds
        var values = torch.tensor(Enumerable.Range(0, 120 * 4).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), [120, 4]);
        using var index = LookupIndex.Of(torch.tensor(rows, [40, 3]));
        index.Parts.Count.Should().BeGreaterThan(4 + 2 * 3, "several rounds, so the rounds' order is tested");

        var copies = index.Parts.Select(p => p.clone()).ToList();
        using var rebuilt = LookupIndex.FromParts(copies);

        rebuilt.RowIds.data<long>().ToArray().Should().Equal(index.RowIds.data<long>().ToArray());
        rebuilt.Inverse.data<long>().ToArray().Should().Equal(index.Inverse.data<long>().ToArray());
        rebuilt.SumPerRow(values).data<float>().ToArray().Should().Equal(index.SumPerRow(values).data<float>().ToArray());
    }

    [Fact]
    public void Parts_that_cannot_be_an_index_are_refused()
    {
        using var scope = torch.NewDisposeScope();
        var act = () => LookupIndex.FromParts([torch.zeros(1, ScalarType.Int64), torch.zeros(1, ScalarType.Int64), torch.zeros(1, ScalarType.Int64)]);
        act.Should().Throw<ArgumentException>().WithMessage("*4 tensors and 2 per round, not 3*");
    }
}
