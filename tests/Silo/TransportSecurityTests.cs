using System.Net;
using System.Security.Cryptography.X509Certificates;
using AdaFtr.Grains;
using AdaFtr.Grains.Jobs;
using AdaFtr.Silo.Health;
using AdaFtr.Silo.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace AdaFtr.Silo.Tests;

/// <summary>A real silo with TLS on loopback: who may connect, what a production silo refuses, and what its probes see.</summary>
[Trait("Category", "Security")]
public sealed class TransportSecurityTests(TlsSiloFixture silo) : IClassFixture<TlsSiloFixture>
{
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_client_with_the_cluster_certificate_connects_and_calls_a_grain()
    {
        using var client = await Connect(silo.ClusterCertificate);
        var jobs = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IJobRegistryGrain>(0).ListAsync();
        jobs.Should().NotBeNull();
    }

    [Fact]
    public async Task A_client_with_another_certificate_cannot_connect()
    {
        using var stranger = TestCertificates.Create("not-the-cluster");
        var connect = async () => { using var client = await Connect(stranger); await Call(client); };
        (await connect.Should().ThrowAsync<Exception>("the silo accepts only the cluster's own certificate")).Which.Should().NotBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task A_client_without_tls_cannot_connect()
    {
        var connect = async () => { using var client = await Connect(certificate: null); await Call(client); };
        (await connect.Should().ThrowAsync<Exception>("the gateway speaks only TLS")).Which.Should().NotBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task A_spec_with_faults_is_refused_by_a_production_silo_naming_the_field()
    {
        var spec = new JobSpec { JobId = "with-faults", ModelConfigJson = "{}", ShardDirectory = "/nonexistent", Faults = [new InjectedFault(0, 3, FaultKind.Hang, TimeSpan.FromMinutes(5))] };
        var start = () => silo.App.Services.GetRequiredService<IGrainFactory>().GetGrain<ITrainingJobGrain>(spec.JobId).StartAsync(spec);
        (await start.Should().ThrowAsync<JobSpecException>()).Which.Errors.Should().Contain(e => e.StartsWith("Faults:") && e.Contains("AllowFaults"));
    }

    [Fact]
    public void The_same_faults_pass_in_test_mode()
    {
        var spec = new JobSpec { JobId = "with-faults", ModelConfigJson = "{}", ShardDirectory = "/nonexistent", Faults = [new InjectedFault(0, 3, FaultKind.Throw)] };
        var validate = () => JobSpecValidator.Validate(spec, new FaultInjection(Allowed: true));
        validate.Should().Throw<JobSpecException>().Which.Errors.Should().NotContain(e => e.StartsWith("Faults:"));
    }

    [Fact]
    public async Task The_health_endpoint_answers_200_over_https_once_the_silo_is_up()
    {
        using var handler = new HttpClientHandler
        {
            // The dashboard's certificate is the cluster's self-signed one: pinned here as the clients pin it.
            ServerCertificateCustomValidationCallback = (_, remote, _, _) => TransportSecurity.IsClusterCertificate(remote, silo.ClusterCertificate),
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(silo.Settings.DashboardUrl) };
        using var response = await http.GetAsync(HealthEndpoint.Path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().Contain("\"membership\":\"Active\"").And.Contain("cpu");
    }

    private async Task<IHost> Connect(X509Certificate2? certificate)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(silo.Settings.GatewayPort, silo.Settings.ServiceId, silo.Settings.ClusterId);
            // No retries: a refused handshake surfaces as the connection's own error, not as a timeout.
            client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            if (certificate is not null) client.UseClusterTls(certificate);
        });
        var host = builder.Build();
        using var limit = new CancellationTokenSource(ConnectLimit);
        try
        {
            await host.StartAsync(limit.Token);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    private static Task Call(IHost client) =>
        client.Services.GetRequiredService<IClusterClient>().GetGrain<IJobRegistryGrain>(0).ListAsync().WaitAsync(ConnectLimit);
}
