using System.CommandLine;
using AdaFtr.Coordinator.Experiments;

namespace AdaFtr.Coordinator.Commands.Experiment;

/// <summary>
/// <c>adaftr experiment</c>: trains the paper's comparison (Table 4 baselines, AdaFTR, Table 5
/// ablations, Table 6 backbones) on one data set, and writes the table as markdown and PNG.
/// </summary>
public static class ExperimentCommand
{
    private static string Bundled(string set, string file) => Path.Combine(AppContext.BaseDirectory, "data", set, file);

    private static readonly Option<string> Suite = new("--suite")
    {
        Description = "paper: 15 models (5 baselines, ESMM, AITM, AdaFTR-MMoE, 4 ablations, AdaFTR on 3 other backbones). readings: MMoE, ESMM, AITM, AdaFTR-MMoE and AdaFTR under the other reading of α (eq. 14 joint) and of λ (L2 on all Θ). sensitivity: MMoE, AdaFTR-MMoE and AdaFTR with other β, τ range and cosine similarity. quick: MMoE and AdaFTR-MMoE on tiny data, 1 seed (CI).",
        DefaultValueFactory = _ => "paper",
    };
    private static readonly Option<string> Data = new("--data")
    {
        Description = "aliccp-like: synthetic, one planted CTR-CVR correlation for every row, known true probabilities (oracle AUC). instance-related: synthetic, the correlation planted on a latent, feature-determined subset of rows only (what AdaFTR's relatedness net is meant to find). aliccp-sample, aliexpress-sample: the bundled real rows.",
        DefaultValueFactory = _ => "aliccp-like",
    };
    private static readonly Option<string> Relatedness = new("--relatedness")
    {
        Description = "Planted correlation ρ of the CTR and CVR scores (on the related rows for instance-related): none (0), medium (0.5), strong (0.9).",
        DefaultValueFactory = _ => "medium",
    };
    private static readonly Option<double> RelatedShare = new("--related-share")
    {
        Description = "instance-related: the share of impressions in the planted related subset, in [0, 1].",
        DefaultValueFactory = _ => 0.5,
    };
    private static readonly Option<double> ClickRate = new("--click-rate")
    {
        Description = "Synthetic data: share of impressions clicked (Ali-CCP: about 0.039). Denser than Ali-CCP by default so short runs see thousands of conversions.",
        DefaultValueFactory = _ => 0.1,
    };
    private static readonly Option<double> ConversionRate = new("--conversion-rate")
    {
        Description = "Synthetic data: share of clicks that convert (Ali-CCP: about 0.0055).",
        DefaultValueFactory = _ => 0.1,
    };
    private static readonly Option<int?> Seeds = new("--seeds") { Description = "Runs per model (model seeds 42, 43, …; same data). Default: 5, 1 for quick." };
    private static readonly Option<long?> Rows = new("--rows") { Description = "Synthetic rows: 70% train, 10% validation, 20% test. Default: 250000, 40000 for quick." };
    private static readonly Option<int?> MaxEpochs = new("--max-epochs") { Description = "Epochs at most per run; early stopping usually ends it sooner. Default: 10, 2 for quick." };
    private static readonly Option<int?> Patience = new("--patience") { Description = "Epochs without a better validation figure before a run stops; the best epoch's weights are tested. Default: 2, 1 for quick." };
    private static readonly Option<string> StopOn = new("--stop-on")
    {
        Description = "The validation figure early stopping watches: cvr-auc (CVR AUC over all impressions) or mean-auc (mean of CTR and CVR AUC).",
        DefaultValueFactory = _ => "cvr-auc",
    };
    private static readonly Option<int?> StepsPerEpoch = new("--steps-per-epoch") { Description = "Steps per epoch. Default: one pass over the training rows." };
    private static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Rows per step, capped at the training rows. Default: 1024 (the paper's), 256 for quick." };
    private static readonly Option<double?> LearningRate = new("--learning-rate") { Description = "Adam's step size. Default: 5e-4 (the paper's), 3e-3 for quick." };
    private static readonly Option<DirectoryInfo?> Out = new("--out") { Description = "Folder for results.md, results.png, runs.csv and tau-*.png. Default: experiments/<suite>-<data>[-<relatedness>]." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("experiment", """
            Reproduce the paper's model comparison (Tables 4-6) and write it as markdown and PNG.

            Table 4's comparison, with Table 5's ablations and Table 6's backbones, on data we can
            have: each model trained with the paper's hyper-parameters (embedding 8, towers
            [64, 32, 16], Adam 5e-4, batch 1024, α = 1, β = 0.01, τ in [0.05, 1]), with experts
            scaled to [128, 64] for a 2-core machine, for epochs until the validation figure stops
            improving, and the best epoch evaluated on held-out rows. Writes a table of AUC and GAUC
            per task (CVR also over clicked impressions; mean ± std over seeds; differences to MMoE
            paired by seed with 95% intervals) as markdown and PNG, every run as CSV, and for AdaFTR
            on instance-related data a histogram of τ on related and unrelated rows.
            Progress goes to stderr; the table, wall time and samples/s to stdout.

            Examples:
              adaftr experiment --suite quick                                          CI smoke: 2 models, tiny data, 1 seed
              adaftr experiment --suite readings --data instance-related --relatedness strong
                                                                                       both readings of the paper, planted per-row relatedness
              adaftr experiment --relatedness strong                                   the paper's suite on aliccp-like, ρ = 0.9, 5 seeds
              adaftr experiment --data instance-related --rows 150000 --max-epochs 4 --patience 1
                                                                                       a smaller run
              adaftr experiment --data aliccp-sample --seeds 1 --max-epochs 2          the real-data path on the bundled sample
            """)
        {
            Suite, Data, Relatedness, RelatedShare, ClickRate, ConversionRate, Seeds, Rows, MaxEpochs, Patience, StopOn, StepsPerEpoch, BatchSize, LearningRate, Out,
        };
        Suite.AcceptOnlyFromAmong("paper", "readings", "sensitivity", "quick");
        Data.AcceptOnlyFromAmong("aliccp-like", "instance-related", "aliccp-sample", "aliexpress-sample");
        Relatedness.AcceptOnlyFromAmong("none", "medium", "strong");
        StopOn.AcceptOnlyFromAmong("cvr-auc", "mean-auc");
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, output, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var options = ExperimentRunOptions.From(parsed.GetValue(Suite)!, parsed.GetValue(Data)!, parsed.GetValue(Relatedness)!,
            parsed.GetValue(RelatedShare), parsed.GetValue(ClickRate), parsed.GetValue(ConversionRate), parsed.GetValue(Seeds), parsed.GetValue(Rows),
            parsed.GetValue(MaxEpochs), parsed.GetValue(Patience), parsed.GetValue(StopOn)!, parsed.GetValue(StepsPerEpoch), parsed.GetValue(BatchSize),
            parsed.GetValue(LearningRate), parsed.GetValue(Out));
        var progress = parsed.InvocationConfiguration.Error;
        progress.WriteLine($"adaftr experiment: loading {options.Data}{(ExperimentRunOptions.IsSynthetic(options.Data) ? $" (ρ = {options.Synthetic.Relatedness}, {options.Rows} rows)" : "")}");
        using var data = options.Data switch
        {
            "aliccp-like" => ExperimentData.AliCcpLike(options.Rows, options.Synthetic),
            "instance-related" => ExperimentData.InstanceRelated(options.Rows, options.Synthetic),
            "aliexpress-sample" => ExperimentData.AliExpressSample(Bundled("aliexpress", "aliexpress_train_sample.csv"), Bundled("aliexpress", "aliexpress_test_sample.csv")),
            _ => ExperimentData.AliCcpSample(Bundled("ali-ccp", "ali_ccp_train_sample.csv"), Bundled("ali-ccp", "ali_ccp_val_sample.csv"), Bundled("ali-ccp", "ali_ccp_test_sample.csv")),
        };
        var arms = options.Suite switch
        {
            "quick" => ExperimentSuites.Quick,
            "readings" => ExperimentSuites.Readings,
            "sensitivity" => ExperimentSuites.Sensitivity,
            _ => ExperimentSuites.Paper,
        };
        var settings = options.Settings;
        progress.WriteLine($"{data.Description}; {arms.Count} models × {settings.Seeds} seed(s), {settings.StoppingRule}, " +
                           $"{settings.EpochSteps(data.Train.Size)} steps of {Math.Min(settings.BatchSize, data.Train.Size)} rows per epoch");
        var result = new SuiteRunner(settings, progress).Run(options.Suite, data, arms, cancellationToken);
        var artifacts = SuiteArtifacts.Write(result, options.Out.FullName);
        output.Write(MarkdownTable.Render(result));
        output.WriteLine();
        output.WriteLine($"wall time {result.WallSeconds:F0} s, {result.SamplesTrained:N0} training samples, {result.SamplesPerSecond:F0} samples/s");
        output.WriteLine($"wrote {string.Join(", ", new[] { artifacts.Markdown, artifacts.Chart, artifacts.Runs }.Concat(artifacts.TauHistograms))}");
        return ExitCodes.Ok;
    }
}
