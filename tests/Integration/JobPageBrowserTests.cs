using System.Net;
using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace AdaFtr.Integration.Tests;

/// <summary>The job page in Debian's Chromium, headless, driven by Selenium: it loads, shows the running job, its curves grow, and its last checkpoint appears.</summary>
[Trait("Category", "Browser")]
[Collection(ProcessCollection.Name)]
public sealed class JobPageBrowserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-browser-").FullName;

    [Fact]
    public async Task The_job_page_shows_the_running_job_its_curves_and_its_last_checkpoint()
    {
        await using var silo = await EmbeddedSilo.StartAsync("cpu", CancellationToken.None);
        var rows = new SyntheticRows(2048);
        var spec = new JobSpec
        {
            JobId = "browser-job",
            ModelConfigJson = ModelConfigJson.Serialize(rows.Config(workers: 1, batchPerWorker: 32)),
            ShardDirectory = rows.WriteShards(Path.Combine(_folder, "shards"), 1),
            Steps = 100_000,   // runs until cancelled
            BatchPerWorker = 32,
            CheckpointStore = Path.Combine(_folder, "checkpoints"),
            CheckpointEverySteps = 20,
            EvalShardDirectory = rows.WriteShards(Path.Combine(_folder, "eval"), 1),
            EvalEverySteps = 10,
        };
        var job = silo.Grains.GetGrain<ITrainingJobGrain>(spec.JobId);
        await job.StartAsync(spec);
        // A schedule whose first occurrence is months off: listed beside the jobs, never run during the test.
        await silo.Grains.GetGrain<IScheduleGrain>("nightly-page").AddAsync(new ScheduleSpec
        {
            Name = "nightly-page", Cron = "0 2 1 1 *", Dataset = Path.Combine(_folder, "days"), ModelConfigJson = spec.ModelConfigJson,
            CheckpointStore = spec.CheckpointStore!, Metric = "ctr_auc",
        });
        try
        {
            using var browser = Chromium();
            var url = silo.Settings.DashboardUrl;
            browser.Navigate().GoToUrl($"{url}/jobs");
            // The page redraws every second: read inside waits that retry an element replaced under them.
            var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(60));
            wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
            wait.Until(b => b.FindElement(By.CssSelector("tr.job[data-job='browser-job'] td.state")).Text == "Running");

            int Points() => int.Parse(browser.FindElement(By.Id("loss")).GetDomAttribute("data-points") ?? "0");
            int first = 0;
            wait.Until(_ => (first = Points()) > 0);
            wait.Until(_ => Points() > first + 5);   // the page polls: the curve grows while the job trains
            wait.Until(b => !string.IsNullOrWhiteSpace(b.FindElement(By.CssSelector("#loss polyline")).GetDomAttribute("points")));

            // A checkpoint every 20 steps: the element names a published step, one the job's status vouches for.
            long shown = 0;
            wait.Until(b => (shown = long.Parse(b.FindElement(By.Id("last-checkpoint")).GetDomAttribute("data-step") ?? "0")) > 0);
            shown.Should().Be(shown / 20 * 20, "checkpoints are written every 20 steps");
            (await job.GetStatusAsync()).LastCheckpoint.Should().BeGreaterThanOrEqualTo(shown);
            string checkpoint = "";
            wait.Until(b => (checkpoint = b.FindElement(By.Id("last-checkpoint")).Text).Length > 0);
            checkpoint.Should().Contain($"step {shown}").And.Contain("UTC");
            // AUC and GAUC of both tasks from the evaluations every 10 steps.
            wait.Until(b => b.FindElements(By.CssSelector("#eval-curves polyline")).Select(p => p.GetDomAttribute("data-series")).Order().SequenceEqual(["ctr AUC", "ctr GAUC", "cvr AUC", "cvr GAUC"]));
            wait.Until(b => b.FindElement(By.Id("step-rate")).Text.EndsWith("steps/s", StringComparison.Ordinal));
            wait.Until(b => b.FindElement(By.CssSelector("tr.schedule[data-schedule='nightly-page'] td.outcome")).Text == "no runs yet");
            // Read inside the wait: the page re-renders the table every poll, which can stale an element between finding and reading it.
            string row = "";
            wait.Until(b => (row = b.FindElement(By.CssSelector("tr.schedule[data-schedule='nightly-page']")).Text).Length > 0);
            row.Should().Contain("ctr_auc").And.Contain("none yet").And.Contain("02:00 UTC");

            browser.Navigate().GoToUrl($"{url}/dashboard/");
            wait.Until(b => b.Title.Contains("Orleans", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await job.CancelAsync();
            // Until it settles the job may still write its history and a checkpoint into the folder Dispose deletes.
            await JobWatch.UntilAsync(job, s => s.IsFinished, "the cancelled job to settle", TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task The_job_api_answers_not_found_for_an_unknown_job()
    {
        await using var silo = await EmbeddedSilo.StartAsync("cpu", CancellationToken.None);
        using var http = new HttpClient();
        (await http.GetAsync($"{silo.Settings.DashboardUrl}/api/jobs/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetStringAsync($"{silo.Settings.DashboardUrl}/api/jobs")).Should().Be("[]");
    }

    private ChromeDriver Chromium() => HeadlessChromium.Start(Path.Combine(_folder, "chromium-profile"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
