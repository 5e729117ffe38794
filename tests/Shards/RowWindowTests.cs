using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class RowWindowTests
{
    private static readonly SyntheticOptions Options = new(1_000, Seed: 3);

    [Theory]
    [InlineData(0, 1_000, 128)]     // the whole source
    [InlineData(0, 300, 128)]       // ends inside a chunk
    [InlineData(250, 500, 128)]     // starts and ends inside chunks
    [InlineData(256, 256, 128)]     // on chunk boundaries
    [InlineData(999, 1, 7)]         // the last row
    [InlineData(400, 0, 128)]       // nothing
    public void A_window_holds_exactly_its_rows_of_the_source_whatever_the_chunks(int skip, int take, int chunk)
    {
        var whole = ColumnarRowsConcat.Of(new AliCcpLikeGenerator(Options).ReadChunks(1_000).ToList());
        var chunks = new RowWindow(new AliCcpLikeGenerator(Options), skip, take).ReadChunks(chunk).ToList();

        chunks.Sum(c => c.Rows).Should().Be(take);
        if (take == 0) return;
        var window = ColumnarRowsConcat.Of(chunks);
        var expected = whole.Slice(skip, take);
        window.Sparse.Should().Equal(expected.Sparse);
        window.Dense.Should().Equal(expected.Dense);
        window.Labels.Should().Equal(expected.Labels);
        window.User.Should().Equal(expected.User);
        window.Truth.Should().Equal(expected.Truth);
    }
}
