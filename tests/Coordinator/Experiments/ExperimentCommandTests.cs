using System.Globalization;

namespace AdaFtr.Coordinator.Tests.Experiments;

[Collection(TorchCollection.Name)]
[Trait("Category", "Experiments")]
public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-experiment-").FullName;

    [Fact]
    public async Task The_quick_suite_writes_a_table_a_png_and_runs_with_sane_aucs()
    {
        var run = await CliRun.Invoke("experiment", "--suite", "quick", "--out", _folder);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Error.Should().Contain("[1/2] MMoE, seed 42").And.Contain("[2/2] AdaFTR (MMoE), seed 42");
        var table = File.ReadAllText(Path.Combine(_folder, "results.md"));
        table.Should().Contain("| Model | Group | CTR AUC | CTR GAUC | CVR AUC | CVR GAUC |")
            .And.Contain("| MMoE | baseline |").And.Contain("| AdaFTR (MMoE) | adaftr |").And.Contain("oracle");
        run.Output.Should().Contain(table.Trim());

        var png = File.ReadAllBytes(Path.Combine(_folder, "results.png"));
        png.Should().HaveCountGreaterThan(1000);
        png.Take(8).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A);

        var rows = File.ReadAllLines(Path.Combine(_folder, "runs.csv"));
        var header = rows[0].Split(',');
        int ctrAuc = Array.IndexOf(header, "ctr_auc"), cvrAuc = Array.IndexOf(header, "cvr_auc");
        rows.Should().HaveCount(3, "one header and one row per (model, seed)");
        foreach (var line in rows.Skip(1))
        {
            var cells = line.Split(',');
            double ctr = double.Parse(cells[ctrAuc], CultureInfo.InvariantCulture);
            double cvr = double.Parse(cells[cvrAuc], CultureInfo.InvariantCulture);
            // aliccp-like plants signal in both tasks (oracle AUC ≈ 0.75 / 0.79): a trained model must rank better than chance.
            ctr.Should().BeGreaterThan(0.5, line).And.BeLessThanOrEqualTo(1.0, line);
            cvr.Should().BeGreaterThan(0.5, line).And.BeLessThanOrEqualTo(1.0, line);
        }
    }

    [Theory]
    [InlineData("--seeds", "0", "--seeds: 0 must be at least 1")]
    [InlineData("--max-epochs", "0", "--max-epochs: 0 must be at least 1")]
    [InlineData("--patience", "0", "--patience: 0 must be at least 1")]
    [InlineData("--related-share", "1.5", "--related-share: 1.5 must be in [0, 1]")]
    [InlineData("--batch-size", "1", "--batch-size: 1 must be at least 2")]
    [InlineData("--rows", "50", "--rows: 50 must be at least 100")]
    public async Task A_bad_value_is_refused_naming_its_flag(string flag, string value, string message)
    {
        var run = await CliRun.Invoke("experiment", "--suite", "quick", flag, value, "--out", _folder);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain(message);
        File.Exists(Path.Combine(_folder, "results.md")).Should().BeFalse();
    }

    [Fact]
    public async Task Rows_cannot_be_set_for_real_data()
    {
        var run = await CliRun.Invoke("experiment", "--data", "aliccp-sample", "--rows", "1000", "--out", _folder);

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Error.Should().Contain("--rows: only aliccp-like and instance-related are generated");
    }

    [Fact]
    public async Task On_instance_related_data_adaftr_gets_a_relatedness_auc_and_a_tau_histogram_and_the_run_reports_its_speed()
    {
        var run = await CliRun.Invoke("experiment", "--suite", "quick", "--data", "instance-related", "--rows", "6000", "--max-epochs", "3", "--out", _folder);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("early stopping on validation CVR AUC, patience 1, at most 3 epochs").And.MatchRegex(@"wall time \d+ s, [\d,]+ training samples, \d+ samples/s");
        var rows = File.ReadAllLines(Path.Combine(_folder, "runs.csv"));
        var header = rows[0].Split(',');
        var adaFtr = rows.Single(r => r.StartsWith("\"AdaFTR (MMoE)\"", StringComparison.Ordinal)).Split(',');
        var mmoe = rows.Single(r => r.StartsWith("\"MMoE\"", StringComparison.Ordinal)).Split(',');
        double.Parse(adaFtr[Array.IndexOf(header, "relatedness_auc")], CultureInfo.InvariantCulture).Should().BeInRange(0, 1);
        mmoe[Array.IndexOf(header, "relatedness_auc")].Should().Be("NaN", "MMoE trains no relatedness net");
        foreach (var cells in new[] { adaFtr, mmoe })
        {
            int epochs = int.Parse(cells[Array.IndexOf(header, "epochs")], CultureInfo.InvariantCulture);
            int best = int.Parse(cells[Array.IndexOf(header, "best_epoch")], CultureInfo.InvariantCulture);
            epochs.Should().BeInRange(1, 3);
            best.Should().BeInRange(1, epochs);
        }
        File.ReadAllBytes(Path.Combine(_folder, "tau-adaftr-mmoe.png")).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
        File.Exists(Path.Combine(_folder, "tau-mmoe.png")).Should().BeFalse("MMoE has no τ");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
