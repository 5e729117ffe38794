using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Readers.AliCcpRaw;

namespace AdaFtr.Shards.Tests;

/// <summary>The raw Ali-CCP pair, written by the test in the release's format, read back and joined.</summary>
[Trait("Category", "Shards")]
public sealed class RawAliCcpTests : IDisposable
{
    private readonly TempFolder _temp = new();

    internal static string Item(string field, long id, float value = 1f) => $"{field}\u0002{id}\u0003{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    internal static string List(params string[] items) => string.Join('\u0001', items);
    internal static string Skeleton(long id, int click, int conversion, string key, params string[] items) => $"{id},{click},{conversion},{key},{items.Length},{List(items)}";
    internal static string Common(string key, params string[] items) => $"{key},{items.Length},{List(items)}";

    private (string Skeleton, string Common) WritePair()
    {
        var skeleton = string.Join('\n',
            Skeleton(1, 1, 0, "u1", Item("205", 9001), Item("301", 1), Item("508", 70, 0.25f)),
            Skeleton(2, 0, 0, "u2", Item("205", 9002), Item("301", 2)),
            Skeleton(3, 1, 1, "u1", Item("205", 9001), Item("301", 1), Item("999", 5)),   // field 999 is not in the schema
            Skeleton(4, 0, 0, "u2", Item("205", 9003), Item("301", 1), Item("101", 77)));  // skeleton's 101 wins over the common one
        var common = string.Join('\n',
            Common("u1", Item("101", 500), Item("121", 31), Item("109_14", 4, 0.5f)),
            Common("u2", Item("101", 600), Item("121", 31), Item("121", 32)),               // second 121 item ignored
            Common("unused", Item("101", 700)));
        return (_temp.Write("sample_skeleton_train.csv", skeleton + "\n"), _temp.Write("common_features_train.csv", common + "\n"));
    }

    private static int Slot(string field) => Array.IndexOf(AliCcpRawFields.Sparse, field);
    private static int DenseSlot(string field) => Array.IndexOf(AliCcpRawFields.DenseSources, field);

    [Fact]
    public void Skeleton_rows_join_their_common_features()
    {
        var (skeleton, common) = WritePair();
        var reader = new AliCcpRawReader(skeleton, common);
        var rows = ColumnarRowsConcat.Of(reader.ReadChunks(3).ToList());

        rows.Rows.Should().Be(4);
        rows.Labels.Should().Equal(1, 0, 0, 0, 1, 1, 0, 0);
        rows.User.Should().Equal(500, 600, 500, 77);
        long Id(int row, string field) => rows.Sparse[row * 23 + Slot(field)];
        // Vocabulary by descending count: item 9001 is seen twice, so it gets id 1 in field 205.
        Id(0, "205").Should().Be(1);
        Id(2, "205").Should().Be(1);
        new[] { Id(1, "205"), Id(3, "205") }.Should().BeEquivalentTo([2L, 3L]);
        Id(0, "101").Should().Be(Id(2, "101")).And.NotBe(Id(1, "101"));
        Id(0, "121").Should().Be(Id(1, "121"), "both users have 121 = 31");
        Id(0, "216").Should().Be(0, "absent fields get the unknown id");
        rows.Dense[0 * 8 + DenseSlot("508")].Should().Be(0.25f);
        rows.Dense[0 * 8 + DenseSlot("109_14")].Should().Be(0.5f);
        rows.Dense[1 * 8 + DenseSlot("109_14")].Should().Be(0f);
        reader.Vocabulary!.Sizes()[Slot("205")].Should().Be(4, "three ids plus the unknown id 0");
    }

    [Fact]
    public void Min_count_maps_rare_ids_to_zero()
    {
        var (skeleton, common) = WritePair();
        var rows = ColumnarRowsConcat.Of(new AliCcpRawReader(skeleton, common, new AliCcpRawOptions(MinCount: 2)).ReadChunks(10).ToList());
        long Id(int row, string field) => rows.Sparse[row * 23 + Slot(field)];
        Id(0, "205").Should().Be(1);
        Id(1, "205").Should().Be(0, "9002 is seen once");
        Id(1, "101").Should().Be(2, "user 600's common row is referenced by two impressions, so it counts twice");
        Id(3, "101").Should().Be(0, "77 is seen once");
    }

    [Fact]
    public void Hashing_needs_no_vocabulary_and_keeps_equal_ids_equal()
    {
        var (skeleton, common) = WritePair();
        var rows = ColumnarRowsConcat.Of(new AliCcpRawReader(skeleton, common, new AliCcpRawOptions(HashBuckets: 1000)).ReadChunks(10).ToList());
        long Id(int row, string field) => rows.Sparse[row * 23 + Slot(field)];
        Id(0, "205").Should().Be(Id(2, "205")).And.BeInRange(1, 999);
        Id(0, "205").Should().NotBe(Id(1, "205"));
    }

    [Fact]
    public void A_header_line_and_crlf_endings_are_accepted()
    {
        var (skeleton, common) = WritePair();
        File.WriteAllText(skeleton, "sample_id,click,conversion,common_feature_index,feature_num,feature_list\r\n" + File.ReadAllText(skeleton).Replace("\n", "\r\n"));
        var rows = ColumnarRowsConcat.Of(new AliCcpRawReader(skeleton, common).ReadChunks(10).ToList());
        rows.Rows.Should().Be(4);
        rows.Dense[0 * 8 + DenseSlot("508")].Should().Be(0.25f);
    }

    [Fact]
    public void Raw_rows_survive_sharding_and_batching_unchanged()
    {
        var (skeleton, common) = WritePair();
        var direct = ColumnarRowsConcat.Of(new AliCcpRawReader(skeleton, common).ReadChunks(10).ToList());
        var store = new Stores.LocalDirectoryStore(_temp.File("shards"));
        Format.ShardSetWriter.Write(new AliCcpRawReader(skeleton, common), store, new Format.ShardWriteOptions(2, 1));
        var back = ColumnarRowsConcat.Of(Format.ShardSet.Open(store).ReadAll().ToList());
        // Two shards: rows 0 and 2 in the first, 1 and 3 in the second.
        int[] order = [0, 2, 1, 3];
        for (int i = 0; i < 4; i++)
        {
            back.Sparse.AsSpan(i * 23, 23).ToArray().Should().Equal(direct.Sparse.AsSpan(order[i] * 23, 23).ToArray());
            back.Dense.AsSpan(i * 8, 8).ToArray().Should().Equal(direct.Dense.AsSpan(order[i] * 8, 8).ToArray());
            back.User[i].Should().Be(direct.User[order[i]]);
        }
    }

    public void Dispose() => _temp.Dispose();
}
