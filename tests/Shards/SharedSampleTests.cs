using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Tests;

/// <summary>The real samples bundled in data/ parse, with label rates counted independently of the readers.</summary>
[Trait("Category", "Shards")]
public sealed class SharedSampleTests
{
    /// <summary>Rows and per-column positive counts, by plain splitting: deliberately not the reader's code.</summary>
    private static (int Rows, Dictionary<string, int> Positives) CountIndependently(string path, params string[] labels)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var positives = labels.ToDictionary(l => l, l => lines.Skip(1).Count(line => line.Split(',')[Array.IndexOf(header, l)] == "1"));
        return (lines.Length - 1, positives);
    }

    [Theory]
    [InlineData("ali_ccp_train_sample.csv")]
    [InlineData("ali_ccp_val_sample.csv")]
    [InlineData("ali_ccp_test_sample.csv")]
    public void Ali_ccp_samples_parse_with_their_label_rates(string file)
    {
        var path = TestPaths.BundledData("ali-ccp", file);
        var (rows, positives) = CountIndependently(path, "click", "purchase");
        var data = AliCcpCsvReader.Read(path);

        data.Rows.Should().Be(rows);
        data.SparseFields.Should().Be(23);
        data.DenseFields.Should().Be(8);
        var clicks = Enumerable.Range(0, data.Rows).Count(i => data.Labels[i * 2] == 1);
        var purchases = Enumerable.Range(0, data.Rows).Count(i => data.Labels[i * 2 + 1] == 1);
        clicks.Should().Be(positives["click"]);
        purchases.Should().Be(positives["purchase"]);
        clicks.Should().BeGreaterThan(0, "the sample has clicks, so the check above can tell a reader that drops them");
    }

    [Fact]
    public void Ali_ccp_user_is_field_101_and_dense_values_are_read_exactly()
    {
        var path = TestPaths.BundledData("ali-ccp", "ali_ccp_train_sample.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var data = AliCcpCsvReader.Read(path);
        for (int r = 0; r < data.Rows; r++)
        {
            var cells = lines[r + 1].Split(',');
            data.User[r].Should().Be(long.Parse(cells[Array.IndexOf(header, "101")]));
            data.Dense[r * 8 + 7].Should().Be(float.Parse(cells[Array.IndexOf(header, "D853")], System.Globalization.CultureInfo.InvariantCulture));
            data.Sparse[r * 23 + 22].Should().Be(long.Parse(cells[Array.IndexOf(header, "150_14")]));
        }
    }

    [Theory]
    [InlineData("aliexpress_train_sample.csv")]
    [InlineData("aliexpress_test_sample.csv")]
    public void AliExpress_samples_parse_with_their_label_rates(string file)
    {
        var path = TestPaths.BundledData("aliexpress", file);
        var (rows, positives) = CountIndependently(path, "click", "conversion");
        var reader = AliExpressCsvReader.Open(path);
        var data = ColumnarRowsConcat.Of(reader.ReadChunks(37).ToList());

        reader.Schema.SparseFields.Should().HaveCount(16);
        reader.Schema.DenseFields.Should().HaveCount(63);
        data.Rows.Should().Be(rows);
        Enumerable.Range(0, data.Rows).Count(i => data.Labels[i * 2] == 1).Should().Be(positives["click"]);
        Enumerable.Range(0, data.Rows).Count(i => data.Labels[i * 2 + 1] == 1).Should().Be(positives["conversion"]);
        var firstSearch = long.Parse(File.ReadLines(path).Skip(1).First().Split(',')[0]);
        data.User[0].Should().Be(firstSearch, "the search id groups impressions for GAUC");
    }
}
