using AdaFtr.Coordinator.Experiments;
using AdaFtr.Shards.Synthetic;

namespace AdaFtr.Coordinator.Commands.Experiment;

/// <summary>The flags of <c>adaftr experiment</c>, with the suite's defaults filled in and every value checked (errors name the flag).</summary>
internal sealed record ExperimentRunOptions(string Suite, string Data, long Rows, SyntheticOptions Synthetic, SuiteSettings Settings, DirectoryInfo Out)
{
    /// <summary>Experts scaled from the default [256, 128] so that many models × 5 seeds fit a 2-core machine; towers stay the paper's.</summary>
    private static readonly int[] PaperExperts = [128, 64];
    private static readonly int[] QuickExperts = [32, 16];
    private static readonly int[] PaperTowers = [64, 32, 16];
    private const double PaperLearningRate = 5e-4;
    /// <summary>The quick suite takes few steps; a larger step lets them learn something measurable.</summary>
    private const double QuickLearningRate = 3e-3;

    public static bool IsSynthetic(string data) => data is "aliccp-like" or "instance-related";

    public static ExperimentRunOptions From(string suite, string data, string relatedness, double relatedShare, double clickRate, double conversionRate,
        int? seeds, long? rows, int? maxEpochs, int? patience, string stopOn, int? stepsPerEpoch, int? batchSize, double? learningRate, DirectoryInfo? output)
    {
        bool quick = suite == "quick";
        int seedCount = seeds ?? (quick ? 1 : 5);
        if (seedCount < 1) throw new UserError($"--seeds: {seedCount} must be at least 1");
        long rowCount = rows ?? (quick ? 40_000 : 250_000);
        if (rowCount < 100) throw new UserError($"--rows: {rowCount} must be at least 100 (30% are held out for validation and testing)");
        if (rowCount > 5_000_000) throw new UserError($"--rows: {rowCount} is more than 5000000; the suite holds its rows in memory");
        if (rows is not null && !IsSynthetic(data)) throw new UserError($"--rows: only aliccp-like and instance-related are generated; {data} has the rows of its files");
        int epochs = maxEpochs ?? (quick ? 2 : 10);
        if (epochs < 1) throw new UserError($"--max-epochs: {epochs} must be at least 1");
        int wait = patience ?? (quick ? 1 : 2);
        if (wait < 1) throw new UserError($"--patience: {wait} must be at least 1");
        if (stepsPerEpoch is < 1) throw new UserError($"--steps-per-epoch: {stepsPerEpoch} must be at least 1 (leave it out for one pass over the training rows)");
        int batch = batchSize ?? (quick ? 256 : 1024);
        if (batch < 2) throw new UserError($"--batch-size: {batch} must be at least 2 (the contrastive loss needs in-batch negatives)");
        double rate = learningRate ?? (quick ? QuickLearningRate : PaperLearningRate);
        if (!(rate > 0) || !double.IsFinite(rate)) throw new UserError($"--learning-rate: {rate} must be a finite number above 0");
        if (relatedShare is < 0 or > 1) throw new UserError($"--related-share: {relatedShare} must be in [0, 1]");
        foreach (var (flag, value) in new[] { ("--click-rate", clickRate), ("--conversion-rate", conversionRate) })
            if (value is <= 0 or >= 1) throw new UserError($"{flag}: {value} must be strictly between 0 and 1");
        double rho = relatedness switch
        {
            "none" => 0.0,
            "medium" => 0.5,
            "strong" => 0.9,
            _ => throw new UserError($"--relatedness: '{relatedness}' is not none, medium or strong"),
        };
        var metric = stopOn switch
        {
            "cvr-auc" => ValidationMetric.CvrAuc,
            "mean-auc" => ValidationMetric.MeanAuc,
            _ => throw new UserError($"--stop-on: '{stopOn}' is not cvr-auc or mean-auc"),
        };
        var folder = output ?? new DirectoryInfo(Path.Combine("experiments", IsSynthetic(data) ? $"{suite}-{data}-{relatedness}" : $"{suite}-{data}"));
        var synthetic = new SyntheticOptions(rowCount, Seed: 1, Relatedness: rho, ClickRate: clickRate, ConversionRate: conversionRate, RelatedShare: relatedShare);
        var settings = new SuiteSettings(seedCount, epochs, wait, metric, stepsPerEpoch, batch, quick ? QuickExperts : PaperExperts, PaperTowers, rate);
        return new ExperimentRunOptions(suite, data, rowCount, synthetic, settings, folder);
    }
}
