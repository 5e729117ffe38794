using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class OracleAucTests
{
    [Fact]
    public void The_histogram_auc_of_the_truth_matches_an_exact_ranking_and_the_profile_reports_it()
    {
        var generator = new AliCcpLikeGenerator(new SyntheticOptions(100_000, Seed: 8, ConversionRate: 0.1));
        var rows = ColumnarRowsConcat.Of(generator.ReadChunks(30_000).ToList());
        var profile = new Inspection.DataProfile(generator.Schema);
        profile.Add(rows);
        var oracle = profile.OracleAuc()!;
        for (int k = 0; k < 2; k++)
        {
            var scores = Enumerable.Range(0, rows.Rows).Select(i => (double)rows.Truth![i * 2 + k]).ToArray();
            var labels = Enumerable.Range(0, rows.Rows).Select(i => rows.Labels[i * 2 + k] == 1).ToArray();
            oracle[generator.Schema.Labels[k]].Should().BeApproximately(ReferenceAuc.Of(scores, labels), 1e-3);
        }
        oracle["click"].Should().BeGreaterThan(0.6);
    }

    [Fact]
    public void Without_truth_there_is_no_oracle_and_one_class_gives_null()
    {
        new Inspection.DataProfile(NumberedRows.TestSchema).OracleAuc().Should().BeNull();
        var profile = new Inspection.DataProfile(NumberedRows.TestSchema with { HasTruth = true });
        var rows = NumberedRows.Make(1, 3, truth: true); // rows 1..3: no n % 4 == 0, so no clicks
        profile.Add(rows);
        profile.OracleAuc()!["click"].Should().BeNull();
    }
}
