using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Shards.Tests;

[Trait("Category", "Shards")]
public sealed class SyntheticTests
{
    private static ColumnarRows Generate(SyntheticOptions options, int chunk = 50_000) =>
        ColumnarRowsConcat.Of(new AliCcpLikeGenerator(options).ReadChunks(chunk).ToList());

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double cov = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(x => (x - mb) * (x - mb)));
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void The_same_seed_gives_the_same_rows_whatever_the_chunk_size()
    {
        var a = Generate(new SyntheticOptions(2_000, Seed: 9), chunk: 2_000);
        var b = Generate(new SyntheticOptions(2_000, Seed: 9), chunk: 333);
        var c = Generate(new SyntheticOptions(2_000, Seed: 10));
        b.Sparse.Should().Equal(a.Sparse);
        b.Dense.Should().Equal(a.Dense);
        b.Labels.Should().Equal(a.Labels);
        b.Truth.Should().Equal(a.Truth);
        c.Sparse.Should().NotEqual(a.Sparse);
    }

    [Fact]
    public void Aliccp_like_has_the_ali_ccp_columns_and_rates_and_ids_inside_their_vocabularies()
    {
        var generator = new AliCcpLikeGenerator(new SyntheticOptions(200_000));
        generator.Schema.SparseFields.Should().HaveCount(23);
        generator.Schema.DenseFields.Should().HaveCount(8);
        var rows = ColumnarRowsConcat.Of(generator.ReadChunks(65_536).ToList());
        double clicks = Enumerable.Range(0, rows.Rows).Count(i => rows.Labels[i * 2] == 1);
        double conversions = Enumerable.Range(0, rows.Rows).Count(i => rows.Labels[i * 2 + 1] == 1);
        (clicks / rows.Rows).Should().BeInRange(0.03, 0.05, "about 4% click");
        (conversions / clicks).Should().BeInRange(0.004, 0.02, "about 1% of clicks convert");
        Enumerable.Range(0, rows.Rows).Should().OnlyContain(i => rows.Labels[i * 2 + 1] <= rows.Labels[i * 2], "no conversion without a click");
        rows.Sparse.Should().OnlyContain(id => id >= 1);
        rows.VocabularySizes()[9].Should().BeGreaterThan(50_000, "the item field has a long tail").And.BeLessThanOrEqualTo(500_000);
        rows.VocabularySizes()[18].Should().BeLessThanOrEqualTo(5, "the position field is tiny");
        rows.Dense.Should().OnlyContain(x => x >= 0 && x < 1);
    }

    [Fact]
    public void Aliccp_like_over_other_vocabularies_keeps_ids_inside_them_and_reaches_further_when_they_grow()
    {
        var wide = AliCcpLikeGenerator.VocabularySizes.Select(v => v * 100).ToList();
        var narrow = AliCcpLikeGenerator.VocabularySizes.Select(v => Math.Max(1, v / 100)).ToList();
        var wideRows = ColumnarRowsConcat.Of(new AliCcpLikeGenerator(new SyntheticOptions(20_000), wide).ReadChunks(20_000).ToList());
        var narrowRows = ColumnarRowsConcat.Of(new AliCcpLikeGenerator(new SyntheticOptions(20_000), narrow).ReadChunks(20_000).ToList());
        wideRows.VocabularySizes().Zip(wide).Should().OnlyContain(p => p.First <= p.Second);
        narrowRows.VocabularySizes().Zip(narrow).Should().OnlyContain(p => p.First <= p.Second);
        wideRows.VocabularySizes()[9].Should().BeGreaterThan(500_000, "the item field's tail grows with its vocabulary");
        FluentActions.Invoking(() => new AliCcpLikeGenerator(new SyntheticOptions(10), [1, 2])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void The_true_probabilities_are_calibrated_and_beat_random_ranking()
    {
        var rows = Generate(new SyntheticOptions(200_000, Seed: 3, ConversionRate: 0.2, SignalStrength: 1.5));
        var pClick = Enumerable.Range(0, rows.Rows).Select(i => (double)rows.Truth![i * 2]).ToArray();
        var pConversion = Enumerable.Range(0, rows.Rows).Select(i => (double)rows.Truth![i * 2 + 1]).ToArray();
        var clicked = Enumerable.Range(0, rows.Rows).Select(i => rows.Labels[i * 2] == 1).ToArray();
        var converted = Enumerable.Range(0, rows.Rows).Select(i => rows.Labels[i * 2 + 1] == 1).ToArray();

        // Calibration: in each fifth of the rows by p(click), the click rate matches the mean probability within 4 standard errors.
        foreach (var bin in Enumerable.Range(0, rows.Rows).OrderBy(i => pClick[i]).Chunk(rows.Rows / 5))
        {
            double expected = bin.Average(i => pClick[i]), observed = bin.Average(i => clicked[i] ? 1.0 : 0.0);
            Math.Abs(observed - expected).Should().BeLessThan(4 * Math.Sqrt(expected * (1 - expected) / bin.Length));
        }
        ReferenceAuc.Of(pClick, clicked).Should().BeGreaterThan(0.75, "the generating probability is the best possible ranker");
        ReferenceAuc.Of(pConversion, converted).Should().BeGreaterThan(0.75);
        var noise = new Random(1);
        ReferenceAuc.Of(pClick.Select(_ => noise.NextDouble()).ToArray(), clicked).Should().BeInRange(0.47, 0.53, "a random score is a coin toss");
    }

    [Theory]
    [InlineData(0.9, 0.8, 1.0)]
    [InlineData(0.0, -0.1, 0.1)]
    [InlineData(-0.6, -0.75, -0.45)]
    public void Relatedness_sets_the_correlation_of_the_ctr_and_cvr_scores(double rho, double low, double high)
    {
        var rows = Generate(new SyntheticOptions(20_000, Seed: 5, Relatedness: rho));
        var ctrScore = Enumerable.Range(0, rows.Rows).Select(i => Logit(rows.Truth![i * 2])).ToArray();
        var cvrScore = Enumerable.Range(0, rows.Rows).Select(i => Logit(rows.Truth![i * 2 + 1] / rows.Truth[i * 2])).ToArray();
        Correlation(ctrScore, cvrScore).Should().BeInRange(low, high);
    }

    [Fact]
    public void Ecomm_ads_like_has_three_tasks_over_120_fields_in_daily_partitions()
    {
        var generator = new EcommAdsLikeGenerator(EcommAdsLikeGenerator.Defaults(30_000, seed: 2));
        var days = generator.Days(new DateOnly(2026, 11, 1), 8);
        days.Select(d => d.Folder).Should().StartWith("day=2026-11-01").And.EndWith("day=2026-11-08").And.HaveCount(8);
        generator.Schema.SparseFields.Should().HaveCount(120);
        generator.Schema.Tasks.Should().Equal("ctr", "cvr", "view");

        var first = ColumnarRowsConcat.Of(days[0].Rows.ReadChunks(10_000).ToList());
        var again = ColumnarRowsConcat.Of(generator.Days(new DateOnly(2026, 11, 1), 1)[0].Rows.ReadChunks(7_000).ToList());
        var second = ColumnarRowsConcat.Of(days[1].Rows.ReadChunks(10_000).ToList());
        again.Sparse.Should().Equal(first.Sparse);
        second.Sparse.Should().NotEqual(first.Sparse, "each day draws its own impressions");

        double Rate(int task) => Enumerable.Range(0, first.Rows).Average(i => (double)first.Labels[i * 3 + task]);
        Rate(0).Should().BeInRange(0.022, 0.036, "about 2.9% click");
        (Rate(2) / Rate(0)).Should().BeInRange(0.3, 0.55, "about 43% of clicks view");
        (Rate(1) / Rate(0)).Should().BeInRange(0.025, 0.09, "about 5.5% of clicks convert");
        Enumerable.Range(0, first.Rows).Should().OnlyContain(i => first.Labels[i * 3 + 1] <= first.Labels[i * 3] && first.Labels[i * 3 + 2] <= first.Labels[i * 3]);
        first.User.Should().Equal(Enumerable.Range(0, first.Rows).Select(i => first.Sparse[i * 120]));
    }
}
