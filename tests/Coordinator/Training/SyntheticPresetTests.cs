using AdaFtr.Coordinator.Training;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Tests;

namespace AdaFtr.Coordinator.Tests.Training;

/// <summary>The README's first command trains on <c>synth:aliccp-like</c>: one generation split in two, made once, with an oracle AUC that is right.</summary>
[Trait("Category", "Cli")]
public sealed class SyntheticPresetTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("adaftr-cache-").FullName;

    private static ColumnarRows All(string shardSet) => ColumnarRowsConcat.Of(ShardSet.Open(ShardStores.Open(shardSet)).ReadAll().ToList());

    [Fact]
    public void The_preset_is_generated_once_as_250k_training_and_50k_test_rows_whose_oracle_is_the_exact_auc_of_their_probabilities()
    {
        var said = new StringWriter();
        var (train, test) = SyntheticPreset.Ensure("--data", SyntheticPreset.Name, said, _cache);
        said.ToString().Should().Contain("generating 300,000 rows (first use only)");
        var trainRows = All(train);
        var testRows = All(test);
        trainRows.Rows.Should().Be(250_000);
        testRows.Rows.Should().Be(50_000);
        testRows.Sparse.AsSpan(0, testRows.SparseFields * 100).SequenceEqual(trainRows.Sparse.AsSpan(0, trainRows.SparseFields * 100))
            .Should().BeFalse("the test rows are the generation's last 50,000, not a copy of its first");
        double clicks = Enumerable.Range(0, trainRows.Rows).Count(i => trainRows.Labels[i * trainRows.Tasks] > 0.5f) / (double)trainRows.Rows;
        clicks.Should().BeApproximately(0.10, 0.01);

        var oracle = EvaluationOracle.Of(test)!;
        for (int t = 0; t < testRows.Tasks; t++)
        {
            var scores = Enumerable.Range(0, testRows.Rows).Select(i => (double)testRows.Truth![i * testRows.Tasks + t]).ToList();
            var positive = Enumerable.Range(0, testRows.Rows).Select(i => testRows.Labels[i * testRows.Tasks + t] > 0.5f).ToList();
            oracle[t].Should().BeApproximately(ReferenceAuc.Of(scores, positive), 2e-3, $"task {t}: the histogram AUC against the exact ranking AUC");
        }

        var written = File.GetLastWriteTimeUtc(Path.Combine(test, ShardManifest.FileName));
        var again = new StringWriter();
        SyntheticPreset.Ensure("--eval-data", SyntheticPreset.Name, again, _cache).Should().Be((train, test));
        again.ToString().Should().BeEmpty("the second use reads the cache");
        File.GetLastWriteTimeUtc(Path.Combine(test, ShardManifest.FileName)).Should().Be(written);
        Directory.GetDirectories(Path.GetDirectoryName(Path.GetDirectoryName(train))!).Should().ContainSingle("no partial folder is left behind");
    }

    [Fact]
    public void An_unknown_preset_names_the_flag_and_the_one_that_exists()
    {
        var act = () => SyntheticPreset.Ensure("--eval-data", "synth:ecomm", TextWriter.Null, _cache);
        act.Should().Throw<UserError>().WithMessage("--eval-data: 'synth:ecomm' is not a synthetic set*synth:aliccp-like*");
        Directory.Exists(Path.Combine(_cache, "synth")).Should().BeFalse();
    }

    [Fact]
    public void Real_data_has_no_oracle()
    {
        var csv = Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", "ali_ccp_val_sample.csv");
        var shards = Path.Combine(_cache, "real");
        ShardSetWriter.Write(new InputSpec(csv, InputFormat.AliCcpCsv).Open(new BadRowBudget()), ShardStores.Open(shards, forWriting: true), new ShardWriteOptions());
        EvaluationOracle.Of(shards).Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_cache, recursive: true);
}
