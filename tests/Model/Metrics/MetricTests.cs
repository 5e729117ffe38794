using AdaFtr.Model.Metrics;

namespace AdaFtr.Model.Tests.Metrics;

[Trait("Category", "Model")]
public sealed class MetricTests
{
    /// <summary>Scores on a coarse grid so that ties are common, labels random, users few.</summary>
    private static (float[] Scores, float[] Labels, long[] Users) RandomData(int n, int seed)
    {
        var random = new Random(seed);
        var scores = Enumerable.Range(0, n).Select(_ => random.Next(8) / 8f).ToArray();
        var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f).ToArray();
        var users = Enumerable.Range(0, n).Select(_ => (long)random.Next(12)).ToArray();
        return (scores, labels, users);
    }

    /// <summary>O(n²): over every (positive, negative) pair, 1 if the positive scores higher, ½ on a tie.</summary>
    private static double PairCountAuc(float[] scores, float[] labels, Func<int, bool>? include = null)
    {
        double wins = 0, pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        for (int j = 0; j < scores.Length; j++)
        {
            if (include is not null && (!include(i) || !include(j))) continue;
            if (labels[i] != 1f || labels[j] != 0f) continue;
            pairs++;
            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
        return pairs == 0 ? double.NaN : wins / pairs;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Auc_equals_the_pair_count_with_ties_counted_half(int seed)
    {
        var (scores, labels, _) = RandomData(400, seed);
        AucPartial.From(scores, labels).Value().Should().BeApproximately(PairCountAuc(scores, labels), 1e-12);
    }

    [Fact]
    public void Auc_of_one_class_is_undefined()
    {
        AucPartial.From([0.1f, 0.7f], [1f, 1f]).Value().Should().Be(double.NaN);
    }

    [Theory]
    [InlineData(GaucWeighting.Uniform)]
    [InlineData(GaucWeighting.Impressions)]
    public void Gauc_is_the_weighted_mean_of_per_user_pair_counts_skipping_one_class_users(GaucWeighting weighting)
    {
        var (scores, labels, users) = RandomData(300, 7);
        users[0] = 99;   // a user with a single impression: one class only, skipped
        double weighted = 0, weights = 0;
        foreach (var user in users.Distinct())
        {
            double auc = PairCountAuc(scores, labels, i => users[i] == user);
            if (double.IsNaN(auc)) continue;
            double w = weighting == GaucWeighting.Uniform ? 1 : users.Count(u => u == user);
            weighted += w * auc;
            weights += w;
        }
        GaucPartial.From(scores, labels, users).Value(weighting).Should().BeApproximately(weighted / weights, 1e-12);
    }

    [Fact]
    public void Merged_partial_states_equal_the_state_of_the_whole()
    {
        var (scores, labels, users) = RandomData(500, 11);
        var probabilities = scores.Select(s => Math.Clamp(s, 0.05f, 0.95f)).ToArray();
        var whole = TaskEvaluation.From("ctr", probabilities, labels, users);
        int[] cuts = [0, 123, 124, 390, 500];
        var merged = Enumerable.Range(0, cuts.Length - 1)
            .Select(k => TaskEvaluation.From("ctr", probabilities[cuts[k]..cuts[k + 1]], labels[cuts[k]..cuts[k + 1]], users[cuts[k]..cuts[k + 1]]))
            .Reverse()
            .Aggregate((a, b) => a.Merge(b));

        merged.Auc.Should().BeEquivalentTo(whole.Auc);
        merged.Gauc.Users.Should().BeEquivalentTo(whole.Gauc.Users);
        merged.Metrics().Auc.Should().Be(whole.Metrics().Auc);
        merged.Metrics().Gauc.Should().Be(whole.Metrics().Gauc);
        merged.Metrics().LogLoss.Should().BeApproximately(whole.Metrics().LogLoss, 1e-12);
        merged.Metrics().Rows.Should().Be(500);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood()
    {
        var partial = LogLossPartial.From([0.8f, 0.25f, 0.5f], [1f, 0f, 1f]);
        partial.Value().Should().BeApproximately(-(Math.Log(0.8) + Math.Log(0.75) + Math.Log(0.5)) / 3, 1e-7);
    }
}
