using System.CommandLine;
using AdaFtr.Coordinator.Experiments;

namespace AdaFtr.Coordinator.Commands.Experiment;

/// <summary>
/// <c>adaftr experiment</c>: trains the paper's comparison (Table 4 baselines, AdaFTR, Table 5
/// ablations, Table 6 backbones) on one data set, and writes the table as markdown and PNG.
/// </summary>
public static class ExperimentCommand
{
    private static string Bundled(string file) => Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", file);

    private static readonly Option<string> Suite = new("--suite")
    {
        Description = "paper: 13 models (5 baselines, AdaFTR-MMoE, 4 ablations, AdaFTR on 3 other backbones). sensitivity: MMoE, AdaFTR-MMoE and AdaFTR with other β, τ range and cosine similarity. quick: MMoE and AdaFTR-MMoE on tiny data, 1 seed (CI).",
        DefaultValueFactory = _ => "paper",
    };
    private static readonly Option<string> Data = new("--data")
    {
        Description = "aliccp-like: synthetic, with planted CTR-CVR relatedness and known true probabilities (oracle AUC). aliccp-sample: the bundled real Ali-CCP rows (train file → test file).",
        DefaultValueFactory = _ => "aliccp-like",
    };
    private static readonly Option<string> Relatedness = new("--relatedness")
    {
        Description = "Planted correlation ρ of the CTR and CVR scores of aliccp-like: none (0), medium (0.5), strong (0.9).",
        DefaultValueFactory = _ => "medium",
    };
    private static readonly Option<int?> Seeds = new("--seeds") { Description = "Runs per model (model seeds 42, 43, …; same data). Default: 3 (paper), 1 (quick)." };
    private static readonly Option<long?> Rows = new("--rows") { Description = "aliccp-like rows, 80% train / 20% test. Default: 250000 (paper), 40000 (quick): the default steps then see each training row about once." };
    private static readonly Option<int?> Steps = new("--steps") { Description = "Adam steps per run. Default: 200 (paper), 120 (quick)." };
    private static readonly Option<int?> BatchSize = new("--batch-size") { Description = "Rows per step, capped at the training rows. Default: 1024 (the paper's), 256 (quick)." };
    private static readonly Option<DirectoryInfo?> Out = new("--out") { Description = "Folder for results.md, results.png and runs.csv. Default: experiments/<suite>-<data>[-<relatedness>]." };

    public static Command Create(TextWriter output)
    {
        var command = new Command("experiment", """
            Reproduce the paper's model comparison (Tables 4-6) and write it as markdown and PNG.

            Table 4's comparison, with Table 5's ablations and Table 6's backbones, on data we can
            have: each model trained with the paper's hyper-parameters (embedding 8, towers
            [64, 32, 16], Adam 5e-4, batch 1024, α = 1, β = 0.01, τ in [0.05, 1]), with experts
            scaled to [128, 64] for a 2-core machine, and evaluated on held-out rows. Writes a table of
            AUC and GAUC per task (mean ± std over seeds) as markdown and PNG, and every run as CSV.
            Progress goes to stderr; the table to stdout.

            Examples:
              adaftr experiment --suite quick                                  CI smoke: 2 models, tiny data, 1 seed
              adaftr experiment --relatedness strong --seeds 3                 the paper's suite on aliccp-like, ρ = 0.9
              adaftr experiment --relatedness none --rows 50000 --steps 100    shorter run, unrelated tasks
              adaftr experiment --suite sensitivity --relatedness strong       AdaFTR's β, τ range and similarity against MMoE
              adaftr experiment --data aliccp-sample --seeds 1 --steps 20      the real-data path on the bundled sample
            """)
        {
            Suite, Data, Relatedness, Seeds, Rows, Steps, BatchSize, Out,
        };
        Suite.AcceptOnlyFromAmong("paper", "sensitivity", "quick");
        Data.AcceptOnlyFromAmong("aliccp-like", "aliccp-sample");
        Relatedness.AcceptOnlyFromAmong("none", "medium", "strong");
        command.SetAction((parsed, cancellationToken) => Task.FromResult(Run(parsed, output, cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parsed, TextWriter output, CancellationToken cancellationToken)
    {
        var options = ExperimentRunOptions.From(parsed.GetValue(Suite)!, parsed.GetValue(Data)!, parsed.GetValue(Relatedness)!,
            parsed.GetValue(Seeds), parsed.GetValue(Rows), parsed.GetValue(Steps), parsed.GetValue(BatchSize), parsed.GetValue(Out));
        var progress = parsed.InvocationConfiguration.Error;
        progress.WriteLine($"adaftr experiment: loading {options.Data}{(options.Data == "aliccp-like" ? $" (ρ = {options.Relatedness}, {options.Rows} rows)" : "")}");
        using var data = options.Data == "aliccp-like"
            ? ExperimentData.AliCcpLike(options.Rows, options.Relatedness)
            : ExperimentData.AliCcpSample(Bundled("ali_ccp_train_sample.csv"), Bundled("ali_ccp_test_sample.csv"));
        var arms = options.Suite switch
        {
            "quick" => ExperimentSuites.Quick,
            "sensitivity" => ExperimentSuites.Sensitivity,
            _ => ExperimentSuites.Paper,
        };
        progress.WriteLine($"{data.Description}; {arms.Count} models × {options.Settings.Seeds} seed(s), {options.Settings.Steps} steps of {options.Settings.BatchSize}");
        var result = new SuiteRunner(options.Settings, progress).Run(options.Suite, data, arms, cancellationToken);
        var artifacts = SuiteArtifacts.Write(result, options.Out.FullName);
        output.Write(MarkdownTable.Render(result));
        output.WriteLine();
        output.WriteLine($"wrote {artifacts.Markdown}, {artifacts.Chart}, {artifacts.Runs}");
        return ExitCodes.Ok;
    }
}
