using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AdaFtr.Silo.Configuration;
using AdaFtr.Silo.Dashboard;
using Microsoft.AspNetCore.Http;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Security")]
public sealed class DashboardBasicAuthTests
{
    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Theory]
    [InlineData("ops:s3cret", true)]
    [InlineData("ops:s3cret:with-colon", false)]
    [InlineData("ops:S3cret", false)]
    [InlineData("Ops:s3cret", false)]
    [InlineData("ops:", false)]
    [InlineData("ops", false)]
    [InlineData(":s3cret", false)]
    public void Only_the_configured_user_and_password_pass(string credentials, bool allowed) =>
        DashboardBasicAuth.Allows(Basic(credentials), "ops", "s3cret").Should().Be(allowed);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic not-base64!")]
    public void A_missing_or_malformed_header_does_not_pass(string? header) =>
        DashboardBasicAuth.Allows(header, "ops", "s3cret").Should().BeFalse();

    [Fact]
    public void A_password_with_a_colon_passes() =>
        DashboardBasicAuth.Allows(Basic("ops:a:b"), "ops", "a:b").Should().BeTrue();

    [Fact]
    public async Task A_refused_request_gets_401_with_a_challenge_and_never_reaches_the_dashboard()
    {
        var context = new DefaultHttpContext();
        bool reached = false;
        await DashboardBasicAuth.HandleAsync(context, _ => { reached = true; return Task.CompletedTask; }, "ops", "s3cret");
        reached.Should().BeFalse();
        context.Response.StatusCode.Should().Be(401);
        context.Response.Headers.WWWAuthenticate.ToString().Should().StartWith("Basic realm=");

        context = new DefaultHttpContext();
        context.Request.Headers.Authorization = Basic("ops:s3cret");
        await DashboardBasicAuth.HandleAsync(context, _ => { reached = true; return Task.CompletedTask; }, "ops", "s3cret");
        reached.Should().BeTrue();
    }

    [Fact]
    public void The_description_says_basic_auth_is_on_and_never_shows_the_password()
    {
        var folder = Directory.CreateTempSubdirectory("adaftr-pem-").FullName;
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Create("adaftr-cluster"), folder);
        var settings = SiloConfiguration.Read(["--dashboard-url", "https://0.0.0.0:8080", "--tls-certificate", certificate, "--tls-key", key, "--dashboard-user", "ops", "--dashboard-password", "s3cret"], new Dictionary<string, string?>());
        SiloHost.Describe(settings).Should().Contain("basic auth, user ops").And.NotContain("s3cret");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_silo_process_with_credentials_refuses_the_dashboard_without_them()
    {
        await using var silo = new SiloProcess(new Dictionary<string, string> { ["ADAFTR_SILO__DASHBOARDUSER"] = "ops", ["ADAFTR_SILO__DASHBOARDPASSWORD"] = "s3cret" });
        (await silo.DashboardAnswersAsync()).Should().Be(HttpStatusCode.Unauthorized, $"the dashboard answers within 2 minutes (silo exited: {silo.HasExited})");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{silo.DashboardUrl}/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ops:s3cret")));
        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
