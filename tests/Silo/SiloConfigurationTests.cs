using AdaFtr.Silo.Configuration;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Silo")]
public sealed class SiloConfigurationTests : IDisposable
{
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-silo-config-").FullName;

    [Fact]
    public void Defaults_bind_to_loopback_with_localhost_clustering()
    {
        var settings = SiloConfiguration.Read([], NoEnvironment);
        settings.Clustering.Should().Be("localhost");
        settings.ListenAddress.Should().Be("127.0.0.1");
        settings.DashboardUrl.Should().StartWith("http://127.0.0.1:");
        settings.Devices.Should().Be("auto");
    }

    [Fact]
    public void Flags_beat_environment_which_beats_the_file()
    {
        var file = Path.Combine(_folder, "silo.json");
        File.WriteAllText(file, """{"Silo": {"SiloPort": 2001, "GatewayPort": 3001, "Devices": "cpu", "ClusterId": "from-file"}}""");
        var environment = new Dictionary<string, string?> { ["ADAFTR_SILO__GATEWAYPORT"] = "3002", ["ADAFTR_SILO__CLUSTERID"] = "from-env", ["PATH"] = "/bin" };

        var settings = SiloConfiguration.Read(["--config", file, "--cluster-id", "from-flag"], environment);

        settings.SiloPort.Should().Be(2001);
        settings.GatewayPort.Should().Be(3002);
        settings.ClusterId.Should().Be("from-flag");
        settings.Devices.Should().Be("cpu");
    }

    [Fact]
    public void Flags_accept_the_equals_form()
    {
        SiloConfiguration.Read(["--silo-port=2222", "--probe-timeout", "7", "--checkpoints=/mnt/ckpt"], NoEnvironment)
            .Should().BeEquivalentTo(new { SiloPort = 2222, ProbeTimeoutSeconds = 7, CheckpointStore = "/mnt/ckpt" });
    }

    [Theory]
    [InlineData(new[] { "--clustering", "zookeeper" }, "Silo:Clustering: 'zookeeper'")]
    [InlineData(new[] { "--clustering", "redis" }, "Silo:Redis:")]
    [InlineData(new[] { "--devices", "gpu0" }, "Silo:Devices: 'gpu0'")]
    [InlineData(new[] { "--devices", "cuda:0,cuda:0" }, "Silo:Devices:")]
    [InlineData(new[] { "--worker-slots", "2" }, "--worker-slots")]
    [InlineData(new[] { "--silo-port", "70000" }, "Silo:SiloPort: 70000")]
    [InlineData(new[] { "--gateway-port", "11111" }, "Silo:GatewayPort: must differ")]
    [InlineData(new[] { "--listen-address", "my-host" }, "Silo:ListenAddress: 'my-host'")]
    [InlineData(new[] { "--dashboard-url", "http://0.0.0.0:8080" }, "Silo:DashboardUrl: listens beyond loopback")]
    [InlineData(new[] { "--listen-address", "0.0.0.0" }, "Silo:ListenAddress: listens beyond loopback (0.0.0.0): set TlsCertificate")]
    [InlineData(new[] { "--dashboard-url", "https://127.0.0.1:8080" }, "Silo:DashboardUrl: https needs TlsCertificate")]
    [InlineData(new[] { "--tls-certificate", "/nonexistent/cluster.pfx" }, "Silo:TlsCertificate: /nonexistent/cluster.pfx does not exist")]
    [InlineData(new[] { "--tls-key", "/nonexistent/tls.key" }, "Silo:TlsKey: is set without TlsCertificate")]
    [InlineData(new[] { "--clustering", "redis", "--redis", "127.0.0.1:6379,password=hunter2" }, "Silo:Redis: a password in --redis is visible")]
    [InlineData(new[] { "--checkpoints", "az://" }, "Silo:CheckpointStore: az://: name a container")]
    [InlineData(new[] { "--silo-port", "many" }, "many")]
    [InlineData(new[] { "--sillo-port", "1" }, "unknown flag --sillo-port")]
    [InlineData(new[] { "--config", "/nonexistent/silo.json" }, "--config: /nonexistent/silo.json does not exist")]
    public void Bad_settings_are_refused_naming_the_field(string[] args, string expected)
    {
        var act = () => SiloConfiguration.Read(args, NoEnvironment);
        act.Should().Throw<SiloConfigurationException>().Which.Errors.Should().Contain(e => e.Contains(expected));
    }

    [Fact]
    public void A_dashboard_beyond_loopback_is_allowed_with_basic_auth()
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Create("adaftr-cluster"), _folder);
        var settings = SiloConfiguration.Read(["--dashboard-url", "https://0.0.0.0:8080", "--tls-certificate", certificate, "--tls-key", key, "--dashboard-user", "ops", "--dashboard-password", "s3cret"], NoEnvironment);
        settings.DashboardUser.Should().Be("ops");
    }

    [Fact]
    [Trait("Category", "Security")]
    public void A_dashboard_beyond_loopback_over_plain_http_is_refused_even_with_basic_auth()
    {
        var read = () => SiloConfiguration.Read(["--dashboard-url", "http://0.0.0.0:8080", "--dashboard-user", "ops", "--dashboard-password", "s3cret"], NoEnvironment);
        read.Should().Throw<SiloConfigurationException>().Which.Errors.Should().ContainSingle().Which.Should().StartWith("Silo:DashboardUrl:").And.Contain("https://");
    }

    [Fact]
    [Trait("Category", "Security")]
    public void A_pfx_with_the_wrong_password_stops_the_silo_at_start_naming_the_field()
    {
        var pfx = TestCertificates.WritePfx(TestCertificates.Create("adaftr-cluster"), _folder);
        var wrong = () => SiloConfiguration.Read(["--tls-certificate", pfx], new Dictionary<string, string?> { ["ADAFTR_SILO__TLSPASSWORD"] = "not-it" });
        wrong.Should().Throw<SiloConfigurationException>().Which.Errors.Should().ContainSingle().Which.Should().StartWith("Silo:TlsCertificate:").And.Contain("password");

        var passwordFile = Path.Combine(_folder, "pfx-password");
        File.WriteAllText(passwordFile, TestCertificates.Password + "\n");
        var settings = SiloConfiguration.Read(["--tls-certificate", pfx, "--tls-password-file", passwordFile, "--listen-address", "0.0.0.0"], NoEnvironment);
        SiloHost.Describe(settings).Should().Contain("mutual TLS").And.NotContain(TestCertificates.Password);
    }

    [Fact]
    [Trait("Category", "Security")]
    public void Fault_injection_is_off_by_default_and_on_only_from_the_environment()
    {
        SiloConfiguration.Read([], NoEnvironment).AllowFaults.Should().BeFalse();
        var testMode = SiloConfiguration.Read([], new Dictionary<string, string?> { ["ADAFTR_SILO__ALLOWFAULTS"] = "true" });
        testMode.AllowFaults.Should().BeTrue();
        SiloHost.Describe(testMode).Should().Contain("TEST MODE");
        var flag = () => SiloConfiguration.Read(["--allow-faults", "true"], NoEnvironment);
        flag.Should().Throw<SiloConfigurationException>();
    }

    [Fact]
    public void The_redis_password_never_appears_in_the_description()
    {
        var settings = SiloConfiguration.Read(["--clustering", "redis"], new Dictionary<string, string?> { ["ADAFTR_SILO__REDIS"] = "127.0.0.1:6379,password=hunter2,ssl=false" });
        var line = SiloHost.Describe(settings);
        line.Should().NotContain("hunter2").And.Contain("password=***").And.Contain("ssl=false");
    }

    [Theory]
    [InlineData("auto", 0, "cpu")]
    [InlineData("auto", 2, "cuda:0,cuda:1")]
    [InlineData("cpu", 2, "cpu")]
    [InlineData("cuda:1", 2, "cuda:1")]
    public void Auto_devices_resolve_to_what_the_machine_has(string setting, int cudaDevices, string expected)
    {
        DeviceList.TryParse(setting, out var devices).Should().BeNull();
        string.Join(",", DeviceList.Resolve(devices, cudaBuild: cudaDevices > 0, cudaDevices)).Should().Be(expected);
    }

    [Fact]
    public void A_gpu_beyond_the_machines_devices_fails_the_start_naming_the_setting()
    {
        DeviceList.TryParse("cuda:0,cuda:3", out var devices).Should().BeNull();

        var act = () => DeviceList.Resolve(devices, cudaBuild: false, cudaDeviceCount: 0);

        act.Should().Throw<SiloConfigurationException>().Which.Message.Should()
            .Contain("Silo:Devices (--devices)").And.Contain("'cuda:0'").And.Contain("no CUDA device").And.Contain("-p:TorchBackend=cuda");
        var beyond = () => DeviceList.Resolve(devices, cudaBuild: true, cudaDeviceCount: 2);
        beyond.Should().Throw<SiloConfigurationException>().Which.Message.Should().Contain("'cuda:3'").And.Contain("2 CUDA device(s), cuda:0..cuda:1");
        DeviceList.Resolve(devices, cudaBuild: true, cudaDeviceCount: 4).Should().Equal("cuda:0", "cuda:3");
    }

    [Fact]
    public void A_cuda_build_that_sees_no_gpu_fails_auto_instead_of_training_on_the_cpu()
    {
        var act = () => DeviceList.Resolve(["auto"], cudaBuild: true, cudaDeviceCount: 0);
        act.Should().Throw<SiloConfigurationException>().Which.Message.Should().Contain("Silo:Devices (--devices)").And.Contain("set --devices cpu");
        DeviceList.Resolve(["cpu"], cudaBuild: true, cudaDeviceCount: 0).Should().Equal("cpu");
    }

    [Fact]
    public void The_start_up_line_shows_the_devices_resolved()
    {
        var settings = SiloConfiguration.Read(["--devices", "auto"], NoEnvironment);
        SiloHost.Describe(settings, ["cuda:0", "cuda:1"]).Should().Contain("devices auto = cuda:0,cuda:1,");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
