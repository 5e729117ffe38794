using AdaFtr.Silo.Configuration;

namespace AdaFtr.Silo.Tests;

[Trait("Category", "Silo")]
public sealed class AzureClusteringSettingsTests : IDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string Connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";
    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();
    private readonly string _folder = Directory.CreateTempSubdirectory("adaftr-silo-azure-").FullName;

    [Theory]
    [InlineData(new[] { "--clustering", "azure" }, "Silo:AzureStorage: azure clustering needs an Azure Storage connection string")]
    [InlineData(new[] { "--clustering", "azure", "--azure-storage", "AccountKey=hunter2" }, "Silo:AzureStorage: is not an Azure Storage connection string")]
    [InlineData(new[] { "--clustering", "azure", "--azure-storage-file", "/nonexistent/storage.txt" }, "Silo:AzureStorageFile: cannot read /nonexistent/storage.txt")]
    [InlineData(new[] { "--clustering", "azure", "--azure-storage", Connection, "--azure-storage-file", "/etc/hostname" }, "Silo:AzureStorageFile: give the connection string either inline")]
    public void Bad_azure_settings_are_refused_naming_the_field(string[] args, string expected)
    {
        var act = () => SiloConfiguration.Read(args, NoEnvironment);
        var errors = act.Should().Throw<SiloConfigurationException>().Which.Errors;
        errors.Should().ContainSingle().Which.Should().Contain(expected).And.NotContain("hunter2", "a connection string carries the account key");
    }

    [Fact]
    public void The_connection_string_is_read_from_a_secret_file_named_in_the_environment()
    {
        var file = Path.Combine(_folder, "storage.txt");
        File.WriteAllText(file, Connection + "\n");   // as `kubectl create secret --from-file` keeps an editor's newline
        var environment = new Dictionary<string, string?> { ["ADAFTR_SILO__CLUSTERING"] = "azure", ["ADAFTR_SILO__AZURESTORAGEFILE"] = file };

        var settings = SiloConfiguration.Read([], environment);

        AzureStorageConnection.Read(settings).Should().Be(Connection.Trim());
        SiloHost.Describe(settings).Should().Contain("via azure (tables at http://127.0.0.1:10002/devstoreaccount1").And.NotContain(Key);
    }

    [Fact]
    public void Kubernetes_hosting_is_allowed_with_azure_clustering()
    {
        var settings = SiloConfiguration.Read(["--clustering", "azure", "--azure-storage", Connection, "--kubernetes-hosting", "true"], NoEnvironment);
        settings.KubernetesHosting.Should().BeTrue();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
