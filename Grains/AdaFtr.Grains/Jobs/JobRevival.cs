using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AdaFtr.Grains.Jobs;

/// <summary>
/// Wakes the jobs whose grain died with a silo, within seconds of the cluster declaring it dead: one surviving silo
/// (the first active one in address order) asks every registered job for its status, and a job grain activated by
/// that call continues from its record and newest checkpoint (<see cref="TrainingJobGrain"/>). Jobs still alive
/// elsewhere just answer.
/// </summary>
public sealed partial class JobRevival(IClusterMembershipService membership, IGrainFactory grains, ILocalSiloDetails silo, ILogger<JobRevival> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dead = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
                if (newlyDead.Count == 0) continue;
                var first = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)
                    .OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).FirstOrDefault();
                if (!silo.SiloAddress.Equals(first)) continue;
                await WakeJobs(string.Join(", ", newlyDead), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task WakeJobs(string lost, CancellationToken stoppingToken)
    {
        try
        {
            var jobs = await grains.GetGrain<IJobRegistryGrain>(0).ListAsync();
            LogWaking(logger, lost, jobs.Count);
            await Task.WhenAll(jobs.Select(async job =>
            {
                try { await grains.GetGrain<ITrainingJobGrain>(job).GetStatusAsync(); }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested) { LogWakeFailed(logger, e, job); }
            }));
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogWakeFailed(logger, e, "(registry)");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "silo(s) {Lost} died: waking the {Jobs} registered job(s), so that any whose grain was there continues")]
    private static partial void LogWaking(ILogger logger, string lost, int jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Job}: could not be woken after a silo died; it continues when next called")]
    private static partial void LogWakeFailed(ILogger logger, Exception error, string job);
}
