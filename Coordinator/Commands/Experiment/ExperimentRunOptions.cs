using AdaFtr.Coordinator.Experiments;

namespace AdaFtr.Coordinator.Commands.Experiment;

/// <summary>The flags of <c>adaftr experiment</c>, with the suite's defaults filled in and every value checked (errors name the flag).</summary>
internal sealed record ExperimentRunOptions(string Suite, string Data, double Relatedness, long Rows, SuiteSettings Settings, DirectoryInfo Out)
{
    /// <summary>Experts scaled from the default [256, 128] so that 13 models × 3 seeds fit a 2-core machine; towers stay the paper's.</summary>
    private static readonly int[] PaperExperts = [128, 64];
    private static readonly int[] QuickExperts = [32, 16];
    private static readonly int[] PaperTowers = [64, 32, 16];
    private const double PaperLearningRate = 5e-4;
    /// <summary>The quick suite takes few steps; a larger step lets 120 of them learn something measurable.</summary>
    private const double QuickLearningRate = 3e-3;

    public static ExperimentRunOptions From(string suite, string data, string relatedness, int? seeds, long? rows, int? steps, int? batchSize, DirectoryInfo? output)
    {
        bool quick = suite == "quick";
        int seedCount = seeds ?? (quick ? 1 : 3);
        if (seedCount < 1) throw new UserError($"--seeds: {seedCount} must be at least 1");
        long rowCount = rows ?? (quick ? 40_000 : 250_000);
        if (rowCount < 100) throw new UserError($"--rows: {rowCount} must be at least 100 (20% are held out for testing)");
        if (rowCount > 5_000_000) throw new UserError($"--rows: {rowCount} is more than 5000000; the suite holds its rows in memory");
        if (rows is not null && data != "aliccp-like") throw new UserError($"--rows: only aliccp-like is generated; {data} has the rows of its files");
        int stepCount = steps ?? (quick ? 120 : 200);
        if (stepCount < 1) throw new UserError($"--steps: {stepCount} must be at least 1");
        int batch = batchSize ?? (quick ? 256 : 1024);
        if (batch < 2) throw new UserError($"--batch-size: {batch} must be at least 2 (the contrastive loss needs in-batch negatives)");
        double rho = relatedness switch
        {
            "none" => 0.0,
            "medium" => 0.5,
            "strong" => 0.9,
            _ => throw new UserError($"--relatedness: '{relatedness}' is not none, medium or strong"),
        };
        var folder = output ?? new DirectoryInfo(Path.Combine("experiments", data == "aliccp-like" ? $"{suite}-{data}-{relatedness}" : $"{suite}-{data}"));
        var settings = new SuiteSettings(seedCount, stepCount, batch, quick ? QuickExperts : PaperExperts, PaperTowers, quick ? QuickLearningRate : PaperLearningRate);
        return new ExperimentRunOptions(suite, data, rho, rowCount, settings, folder);
    }
}
