using AdaFtr.Shards.Format;
using AdaFtr.Shards.Inspection;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Shards.Tests;

/// <summary>What <c>adaftr data shard|inspect</c> build on: format detection and the data profile.</summary>
[Trait("Category", "Shards")]
public sealed class InputSpecTests : IDisposable
{
    private readonly TempFolder _temp = new();

    [Fact]
    public void Formats_are_recognised_from_the_first_line_or_the_folder()
    {
        new InputSpec(TestPaths.BundledData("ali-ccp", "ali_ccp_val_sample.csv")).Resolve().Should().Be(InputFormat.AliCcpCsv);
        new InputSpec(TestPaths.BundledData("aliexpress", "aliexpress_test_sample.csv")).Resolve().Should().Be(InputFormat.AliExpressCsv);
        var skeleton = _temp.Write("sample_skeleton_test.csv", RawAliCcpTests.Skeleton(1, 0, 0, "u1", RawAliCcpTests.Item("205", 3)) + "\n");
        var common = _temp.Write("common_features_test.csv", RawAliCcpTests.Common("u1", RawAliCcpTests.Item("101", 4)) + "\n");
        var raw = new InputSpec(skeleton);
        raw.Resolve().Should().Be(InputFormat.AliCcpRaw);
        raw.CommonFeaturesPath().Should().Be(common, "the common features file is found beside the skeleton by name");
        ShardSetWriter.Write(new NumberedRows(5), new LocalDirectoryStore(_temp.File("set")), new ShardWriteOptions());
        new InputSpec(_temp.File("set")).Resolve().Should().Be(InputFormat.Shards);
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void An_unknown_first_line_asks_for_a_format_or_schema()
    {
        var path = _temp.Write("mystery.csv", "a,b,c\n1,2,3\n");
        var resolve = () => new InputSpec(path).Resolve();
        resolve.Should().Throw<ArgumentException>().WithMessage("*cannot tell the format*--format*--schema*");
    }

    [Fact]
    [Trait("Category", "BadInput")]
    public void A_raw_skeleton_without_its_common_features_asks_for_them()
    {
        var skeleton = _temp.Write("skeleton.csv", RawAliCcpTests.Skeleton(1, 0, 0, "u1", RawAliCcpTests.Item("205", 3)) + "\n");
        var open = () => new InputSpec(skeleton).Open(BadRowBudget.None);
        open.Should().Throw<ArgumentException>().WithMessage("*--common-features*");
    }

    [Fact]
    public void The_profile_of_a_sample_matches_an_independent_count()
    {
        var path = TestPaths.BundledData("aliexpress", "aliexpress_train_sample.csv");
        var source = new InputSpec(path).Open(BadRowBudget.None);
        var profile = new DataProfile(source.Schema, keepRows: 3);
        foreach (var chunk in source.ReadChunks(17)) profile.Add(chunk);

        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToList();
        profile.Rows.Should().Be(cells.Count);
        profile.LabelRates()["click"].Should().BeApproximately(cells.Count(c => c[Array.IndexOf(header, "click")] == "1") / (double)cells.Count, 1e-12);
        var fields = profile.Fields();
        fields.Should().HaveCount(16 + 63);
        int cat3 = Array.IndexOf(header, "categorical_3");
        fields.Single(f => f.Name == "categorical_3").VocabularySize.Should().Be(cells.Max(c => long.Parse(c[cat3])) + 1);
        int num5 = Array.IndexOf(header, "numerical_5");
        fields.Single(f => f.Name == "numerical_5").Mean.Should().BeApproximately(cells.Average(c => double.Parse(c[num5], System.Globalization.CultureInfo.InvariantCulture)), 1e-6);
        profile.FirstRows()!.Rows.Should().Be(3);
    }

    public void Dispose() => _temp.Dispose();
}
