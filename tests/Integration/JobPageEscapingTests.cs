using AdaFtr.Grains;
using AdaFtr.Silo.JobPage;
using AdaFtr.Silo.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace AdaFtr.Integration.Tests;

/// <summary>
/// The job page in a real browser, fed a job whose every shown value is markup (id, silo, device, task, message): each
/// appears as text, and none of it runs. The page is served with the silo's own HTML and JSON shapes; only the job is made up,
/// since a cluster does not hand out such values on request.
/// </summary>
[Trait("Category", "Security")]
[Collection(ProcessCollection.Name)]
public sealed class JobPageEscapingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-escaping-").FullName;

    private const string Script = "<script>document.title='pwned'</script>";
    private const string Image = "<img id=\"pwned\" src=\"x\" onerror=\"document.title='pwned'\">";

    private static JobStatus Hostile() => new(
        JobId: $"job{Image}", State: JobState.Failed, StepsApplied: 3, Steps: 10, Message: $"worker 0 failed: {Script} and {Image}",
        Losses: [0.7, 0.6, double.NaN], Workers: [new WorkerLocation(0, $"silo{Image}", $"cpu{Script}")], StepsPerSecond: 1.5, StepRetries: 0,
        Silo: $"<b>silo</b>{Image}", DenseBytes: 10, SparseBytes: 10,
        Evaluations: [new EvaluationPoint(2, $"ctr{Image}", 0.7, double.NaN, 0.5, 100)]);

    [Fact]
    public async Task A_jobs_markup_is_shown_as_text_and_never_runs()
    {
        var status = Hostile();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/jobs", () => Results.Content(JobPageHtml.Page, "text/html; charset=utf-8"));
        // The whole job in every answer (kept nothing): the page draws it the same whatever its cursor.
        var progress = new JobProgressUpdate(status with { Losses = [], Evaluations = [] }, 0.65, 0, status.Losses, 0, status.Evaluations, [],
            new ProgressCursor(status.StepsApplied, status.Evaluations.Count, 0, status.State, Guid.NewGuid()));
        app.MapGet("/api/page", () => Results.Json(JobPageJson.Of([progress], progress, [])));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var browser = HeadlessChromium.Start(Path.Combine(_folder, "chromium-profile"));
        browser.Navigate().GoToUrl($"{url}/jobs");
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        // The page redraws every second: each read is retried when an element is replaced under it.
        string Text(string css) { string text = ""; wait.Until(b => (text = b.FindElement(By.CssSelector(css)).Text).Length > 0); return text; }

        Text("#job-message").Should().Contain(Script).And.Contain(Image, "the message is text, tags and all");
        Text("#detail h2").Should().Be(status.JobId);
        Text("#jobs tr.job td").Should().Be(status.JobId);
        wait.Until(b => b.FindElement(By.CssSelector("#jobs tr.job")).GetDomAttribute("data-job") == status.JobId);
        Text("#jobs td.muted").Should().Be(status.Silo);
        Text("#detail").Should().Contain($"silo{Image} cpu{Script}: 1").And.Contain($"ctr{Image}");
        browser.FindElements(By.Id("pwned")).Should().BeEmpty("no injected element exists");
        browser.FindElements(By.CssSelector("#jobs b, #detail b")).Should().BeEmpty("no injected markup is parsed");
        browser.FindElements(By.TagName("script")).Should().HaveCount(1, "only the page's own script");
        browser.Title.Should().Be("adaftr jobs", "nothing injected ran");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
