using AdaFtr.Coordinator.Training;

namespace AdaFtr.Coordinator.Tests.Training;

[Trait("Category", "Cli")]
public sealed class ClusterAddressTests : IDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static string Connection(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-cluster-address-").FullName;

    [Fact]
    public void A_redis_address_becomes_a_redis_configuration_and_shows_no_password()
    {
        var address = ClusterAddress.Parse("redis://10.0.0.5:6380?password=hunter2", _ => null).Should().BeOfType<RedisClusterAddress>().Subject;
        address.Configuration.Should().Be("10.0.0.5:6380,password=hunter2");
        address.Display.Should().Be("redis://10.0.0.5:6380?password=***");
    }

    [Fact]
    public void Azure_reads_the_connection_string_from_the_file_before_the_variable()
    {
        var file = Path.Combine(_folder, "storage.txt");
        File.WriteAllText(file, Connection(10002) + "\n");
        var environment = new Dictionary<string, string?>
        {
            [AzureTableClusterAddress.ConnectionFileVariable] = file,
            [AzureTableClusterAddress.ConnectionVariable] = Connection(9),
        };

        var address = ClusterAddress.Parse("azure", name => environment.GetValueOrDefault(name)).Should().BeOfType<AzureTableClusterAddress>().Subject;

        address.ConnectionString.Should().Be(Connection(10002).Trim());
        address.Display.Should().Be("azure tables at http://127.0.0.1:10002/devstoreaccount1");
        address.ToString().Should().NotContain(Key);
    }

    [Theory]
    [InlineData("azure", null, "set ADAFTR_AZURE_STORAGE to the storage account's connection string, or ADAFTR_AZURE_STORAGE_FILE")]
    [InlineData("azure", "AccountKey=hunter2", "--cluster azure: the connection string is not an Azure Storage connection string")]
    [InlineData("zookeeper://10.0.0.5:2181", null, "is not redis[s]://HOST:PORT[?password=...] or azure")]
    [InlineData("redis://10.0.0.5?password=hunter2", null, "is not redis[s]://HOST:PORT[?password=...] or azure")]
    public void A_bad_address_is_refused_without_showing_a_secret(string address, string? connection, string expected)
    {
        var parse = () => ClusterAddress.Parse(address, name => name == AzureTableClusterAddress.ConnectionVariable ? connection : null);
        parse.Should().Throw<UserError>().Which.Message.Should().Contain(expected).And.NotContain("hunter2");
    }

    [Fact]
    public void The_syntax_check_reads_no_secret()
    {
        // Deployment files name `--cluster azure`; the connection string is only in the pods' secret.
        ClusterAddress.CheckSyntax("azure");
        var redisWithoutPort = () => ClusterAddress.CheckSyntax("redis://adaftr-redis");
        redisWithoutPort.Should().Throw<UserError>();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
