using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class GzipInputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_gzipped_sample_reads_the_same_rows_and_is_recognised()
    {
        var plain = TestPaths.BundledData("ali-ccp", "ali_ccp_test_sample.csv");
        var gz = _temp.File("ali_ccp_test_sample.csv.gz");
        using (var output = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
            output.Write(File.ReadAllBytes(plain));
        new InputSpec(gz).Resolve().Should().Be(InputFormat.AliCcpCsv);
        var a = AliCcpCsvReader.Read(plain);
        var b = AliCcpCsvReader.Read(gz);
        b.Rows.Should().Be(a.Rows);
        b.Sparse.Should().Equal(a.Sparse);
        b.Dense.Should().Equal(a.Dense);
        b.Labels.Should().Equal(a.Labels);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_file_named_gz_that_is_not_gzip_fails_plainly()
    {
        var path = _temp.Write("data.csv.gz", "click,purchase,101\n0,0,1\n");
        var read = () => AliCcpCsvReader.Read(path);
        read.Should().Throw<DataFormatException>().WithMessage($"{path}:1: cannot decompress the gzip data*");
    }

    public void Dispose() => _temp.Dispose();
}
