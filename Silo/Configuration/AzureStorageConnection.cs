using Azure.Data.Tables;

namespace AdaFtr.Silo.Configuration;

/// <summary>
/// The storage account of azure clustering, from <see cref="SiloSettings.AzureStorage"/> or the file
/// <see cref="SiloSettings.AzureStorageFile"/> names (a mounted secret: the key stays off argv and out of the environment).
/// </summary>
public static class AzureStorageConnection
{
    /// <summary>The connection string, trimmed (a secret file usually ends with a newline).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Read(SiloSettings settings) =>
        (settings.AzureStorageFile is { Length: > 0 } file ? File.ReadAllText(file) : settings.AzureStorage ?? "").Trim();

    /// <summary>A table client of the account; the connection string was checked by <see cref="Problem"/>.</summary>
    public static TableServiceClient Tables(string connectionString) => new(connectionString);

    /// <returns>Why the connection string is unusable, or null when the table client accepts it.</returns>
    public static string? Problem(string connectionString)
    {
        if (connectionString.Length == 0) return "is empty";
        try
        {
            Tables(connectionString);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // Never echo the string itself: it carries the account key.
            return $"is not an Azure Storage connection string ({e.GetType().Name}); expected DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...";
        }
    }

    /// <summary>The table endpoint, fit for logs: the account key is never part of it.</summary>
    public static string Display(string connectionString) => Tables(connectionString).Uri.GetLeftPart(UriPartial.Path);
}
