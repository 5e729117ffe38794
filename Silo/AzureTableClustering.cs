using AdaFtr.Grains.Jobs;
using AdaFtr.Grains.Schedules;
using Azure.Data.Tables;
using Orleans.Configuration;

namespace AdaFtr.Silo;

/// <summary>
/// Clustering <c>azure</c>: everything that must outlive a silo kept in one storage account's tables, as
/// <c>redis</c> keeps it in one Redis: membership, schedule and job state, reminders.
/// </summary>
public static class AzureTableClustering
{
    /// <summary>Tables of their own: a schedule and a job can then be read, or cleared, apart from each other and from Orleans' tables.</summary>
    public const string ScheduleTable = "AdaFtrSchedules", JobTable = "AdaFtrJobs";

    public static ISiloBuilder UseAdaFtrAzureTables(this ISiloBuilder silo, TableServiceClient tables)
    {
        silo.UseAzureStorageClustering(o => o.TableServiceClient = tables);
        // The same serializer as in Redis: stored state follows the [GenerateSerializer] contracts on either backend.
        silo.AddAzureTableGrainStorage(ScheduleOptions.StorageName, storage => storage.Configure<IServiceProvider>((o, services) =>
        {
            o.TableServiceClient = tables;
            o.TableName = ScheduleTable;
            o.GrainStorageSerializer = ScheduleStateSerializer.For(services);
        }));
        silo.AddAzureTableGrainStorage(JobStateStorage.Name, storage => storage.Configure<IServiceProvider>((o, services) =>
        {
            o.TableServiceClient = tables;
            o.TableName = JobTable;
            o.GrainStorageSerializer = ScheduleStateSerializer.For(services);
        }));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
        return silo;
    }
}
