using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class InstanceRelatedTests
{
    private static (InstanceRelatedGenerator, ColumnarRows) Generate(SyntheticOptions options)
    {
        var generator = new InstanceRelatedGenerator(options);
        return (generator, ColumnarRowsConcat.Of(generator.ReadChunks(50_000).ToList()));
    }

    private static bool[] Flags(InstanceRelatedGenerator generator, ColumnarRows rows) =>
        Enumerable.Range(0, rows.Rows).Select(i => generator.IsRelated(rows.Sparse.AsSpan(i * rows.SparseFields, rows.SparseFields),
            rows.Dense.AsSpan(i * rows.DenseFields, rows.DenseFields))).ToArray();

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>Maximum-likelihood (a, b) of p(y) = σ(a + b·x), by Newton's method.</summary>
    private static (double A, double B) FitLogistic(double[] x, bool[] y)
    {
        double a = 0, b = 0;
        for (int iteration = 0; iteration < 25; iteration++)
        {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double p = 1 / (1 + Math.Exp(-(a + b * x[i]))), r = (y[i] ? 1 : 0) - p, w = p * (1 - p);
                ga += r; gb += r * x[i];
                haa += w; hab += w * x[i]; hbb += w * x[i] * x[i];
            }
            double det = haa * hbb - hab * hab;
            a += (hbb * ga - hab * gb) / det;
            b += (haa * gb - hab * ga) / det;
        }
        return (a, b);
    }

    private static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double ma = a.Average(), mb = b.Average();
        double cov = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
    }

    [Fact]
    public void A_logistic_model_on_the_true_scores_recovers_them_and_reaches_the_oracle_auc()
    {
        var (generator, rows) = Generate(new SyntheticOptions(200_000, Seed: 4, Relatedness: 0.9, ConversionRate: 0.1, SignalStrength: 1.5));
        var profile = new Inspection.DataProfile(generator.Schema);
        profile.Add(rows);
        var oracle = profile.OracleAuc()!;
        for (int k = 0; k < 2; k++)
        {
            var x = Enumerable.Range(0, rows.Rows).Select(i => Logit(rows.Truth![i * 2 + k])).ToArray();
            var y = Enumerable.Range(0, rows.Rows).Select(i => rows.Labels[i * 2 + k] == 1).ToArray();
            var (a, b) = FitLogistic(x, y);
            // The stored probabilities generated the labels, so the best fit on their logits is the identity.
            b.Should().BeApproximately(1, 0.1, $"{generator.Schema.Labels[k]}: slope on the true logit");
            a.Should().BeApproximately(0, 0.4, $"{generator.Schema.Labels[k]}: intercept on the true logit");
            var fitted = x.Select(v => a + b * v).ToArray();
            ReferenceAuc.Of(fitted, y).Should().BeApproximately(oracle[generator.Schema.Labels[k]]!.Value, 1e-3);
        }
        oracle["click"]!.Value.Should().BeGreaterThan(0.65);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.7)]
    public void The_related_share_matches_its_setting_and_conversion_follows_click_only_on_related_rows(double share)
    {
        var (generator, rows) = Generate(new SyntheticOptions(100_000, Seed: 6, Relatedness: 0.95, RelatedShare: share));
        var related = Flags(generator, rows);
        ((double)related.Count(r => r) / rows.Rows).Should().BeApproximately(share, 0.015);

        // p(conversion | click) = truth_cvr / truth_ctr; its logit against the click logit, per subset.
        double ClickLogit(int i) => Logit(rows.Truth![i * 2]);
        double ConversionLogit(int i) => Logit(rows.Truth![i * 2 + 1] / rows.Truth![i * 2]);
        var inside = Enumerable.Range(0, rows.Rows).Where(i => related[i]).ToList();
        var outside = Enumerable.Range(0, rows.Rows).Where(i => !related[i]).ToList();
        Correlation(inside.Select(ClickLogit).ToList(), inside.Select(ConversionLogit).ToList()).Should().BeGreaterThan(0.9);
        // Not exactly 0: fields with 3 to 5 ids have only a few hidden weights per task, whose sample correlation is not 0.
        Math.Abs(Correlation(outside.Select(ClickLogit).ToList(), outside.Select(ConversionLogit).ToList())).Should().BeLessThan(0.1);
    }

    [Fact]
    public void Rates_go_down_to_ali_ccps_clicks_and_conversions_per_impression()
    {
        // Ali-CCP: about 3.9% clicks and 0.02% conversions per impression, so 0.0002 / 0.039 of clicks convert.
        var (_, rows) = Generate(new SyntheticOptions(500_000, Seed: 2, ClickRate: 0.039, ConversionRate: 0.0002 / 0.039, Relatedness: 0.9));
        double clicks = Enumerable.Range(0, rows.Rows).Count(i => rows.Labels[i * 2] == 1);
        double conversions = Enumerable.Range(0, rows.Rows).Count(i => rows.Labels[i * 2 + 1] == 1);
        (clicks / rows.Rows).Should().BeApproximately(0.039, 0.003);
        (conversions / rows.Rows).Should().BeInRange(0.00012, 0.00028, "about 100 conversions in 500k impressions");
    }

    [Fact]
    public void The_side_file_records_every_rows_flag_in_input_order_and_the_shards_carry_only_the_ali_ccp_columns()
    {
        using var folder = new TempFolder();
        var store = new LocalDirectoryStore(folder.Path);
        var options = new SyntheticOptions(5_000, Seed: 3, RelatedShare: 0.4);
        var manifest = ShardSetWriter.Write(PlantedRelatedness.Recording(new InstanceRelatedGenerator(options), store), store, new ShardWriteOptions(Shards: 3, BlockRows: 512));

        var (generator, rows) = Generate(options);
        PlantedRelatedness.Read(store).Should().Equal(Flags(generator, rows));
        manifest.Schema.SameColumns(AliCcpLikeGenerator.SchemaOf(truth: true)).Should().BeTrue("which rows are related is not a feature");
    }
}
