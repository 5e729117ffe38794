using AdaFtr.Shards.Readers;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class SchemaCsvTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void A_tsv_with_a_header_hashes_strings_and_ignores_unnamed_columns()
    {
        var schema = _temp.Write("schema.json", """
            {
              // comments are allowed
              "separator": "\t",
              "labels": [{"column": "click", "task": "ctr"}, {"column": "buy", "task": "cvr"}],
              "sparse": [{"column": "uid"}, {"column": "city", "hash_buckets": 100}],
              "dense": ["price"],
              "user": "uid"
            }
            """);
        var data = _temp.Write("data.tsv", "uid\tcity\tnote\tprice\tclick\tbuy\n7\tParis\tx\t1.5\t1\t0\n8\tLyon\ty\t2.5\t0\t0\n9\tParis\tz\t-1\t1\t1\n");
        var reader = SchemaCsvReader.Open(data, schema);
        var rows = ColumnarRowsConcat.Of(reader.ReadChunks(2).ToList());

        reader.Schema.Tasks.Should().Equal("ctr", "cvr");
        rows.Rows.Should().Be(3);
        rows.User.Should().Equal(7, 8, 9);
        rows.Dense.Should().Equal(1.5f, 2.5f, -1f);
        rows.Labels.Should().Equal(1, 0, 0, 0, 1, 1);
        rows.Sparse[1].Should().Be(rows.Sparse[5]).And.BeInRange(1, 99);
        rows.Sparse[1].Should().Be(StableHash.Bucket("Paris", 100));
        rows.Sparse[3].Should().NotBe(rows.Sparse[1]);
    }

    [Fact]
    public void A_headerless_csv_takes_column_names_from_the_schema_and_three_tasks()
    {
        var schema = _temp.Write("schema.json", """
            {"has_header": false, "columns": ["a", "c", "v", "b", "user"],
             "labels": [{"column": "c", "task": "ctr"}, {"column": "b", "task": "cvr"}, {"column": "v", "task": "view"}],
             "sparse": [{"column": "a"}], "user": "user", "hash_user": true}
            """);
        var data = _temp.Write("data.csv", "3,1,1,0,alice\n4,0,0,0,bob\n");
        var rows = ColumnarRowsConcat.Of(SchemaCsvReader.Open(data, schema).ReadChunks(10).ToList());
        rows.Tasks.Should().Be(3);
        rows.Labels.Should().Equal(1, 0, 1, 0, 0, 0);
        rows.Sparse.Should().Equal(3, 4);
        rows.User[0].Should().NotBe(rows.User[1]);
    }

    public void Dispose() => _temp.Dispose();
}
