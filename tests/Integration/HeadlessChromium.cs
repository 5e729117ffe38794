using OpenQA.Selenium.Chrome;

namespace AdaFtr.Integration.Tests;

/// <summary>Debian's Chromium, headless, driven by Selenium, with its profile in <c>profileFolder</c>.</summary>
internal static class HeadlessChromium
{
    public static ChromeDriver Start(string profileFolder)
    {
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        // Headless as root on a closed network: no sandbox, no GPU, no background connections.
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profileFolder}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
