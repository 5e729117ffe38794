using AdaFtr.Coordinator.Training;

namespace AdaFtr.Coordinator.Tests.Cluster;

/// <summary>A client's secrets come from the environment or files, never its command line.</summary>
[Trait("Category", "Security")]
public sealed class ClientCredentialsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-client-credentials-").FullName;

    [Fact]
    public void The_redis_password_comes_from_the_environment_or_its_file()
    {
        ClientCredentials.FromEnvironment(Variables(("ADAFTR_REDIS_PASSWORD", "from-env"))).RedisPassword.Should().Be("from-env");
        var file = Path.Combine(_folder, "redis-password");
        File.WriteAllText(file, "from-file\n");
        ClientCredentials.FromEnvironment(Variables(("ADAFTR_REDIS_PASSWORD_FILE", file))).RedisPassword.Should().Be("from-file");
        ClientCredentials.FromEnvironment(Variables()).Should().Be(new ClientCredentials(null, null));
    }

    [Theory]
    [InlineData("redis://cache:6379", "p", "cache:6379,password=p")]
    [InlineData("rediss://cache:6380", "p", "cache:6380,password=p,ssl=true")]
    [InlineData("redis://cache:6379?password=q", "p", "cache:6379,password=q")]
    [InlineData("redis://cache:6379", null, "cache:6379")]
    public void The_redis_address_takes_the_password_and_tls_from_outside_the_url(string address, string? password, string expected) =>
        RedisClusterAddress.Parse(address, password).Configuration.Should().Be(expected);

    [Fact]
    public void A_missing_certificate_or_password_file_names_its_variable()
    {
        var noCertificate = () => ClientCredentials.FromEnvironment(Variables(("ADAFTR_TLS_CERTIFICATE", Path.Combine(_folder, "none.pfx"))));
        noCertificate.Should().Throw<UserError>().Which.Message.Should().StartWith("ADAFTR_TLS_CERTIFICATE:").And.Contain("does not exist");
        var noPassword = () => ClientCredentials.FromEnvironment(Variables(("ADAFTR_REDIS_PASSWORD_FILE", Path.Combine(_folder, "none"))));
        noPassword.Should().Throw<UserError>().Which.Message.Should().StartWith("ADAFTR_REDIS_PASSWORD_FILE:");
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
