using AdaFtr.Checkpoints;
using AdaFtr.Grains;

namespace AdaFtr.Coordinator.Checkpoints;

/// <summary>
/// What `adaftr checkpoints delete` keeps unless told <c>--force</c>: the newest verified checkpoint of a job that is
/// still live (its <c>history.json</c> says created, running or paused: it resumes from that one) or that a schedule
/// serves as its champion, and the champion's own checkpoint (<see cref="ChampionMarker"/>). The store is all the CLI
/// sees, so both facts are read from it.
/// </summary>
public static class CheckpointDeleteGuard
{
    /// <returns>Each protected step among <paramref name="steps"/>, with why.</returns>
    public static async Task<IReadOnlyDictionary<long, string>> ProtectedAsync(CheckpointCatalog catalog, string job, IReadOnlyCollection<long> steps,
        CancellationToken cancellationToken = default)
    {
        var reasons = new Dictionary<long, string>();
        var champions = (await ChampionMarker.ReadAllAsync(catalog.Store, cancellationToken)).Where(m => m.Job == job).ToList();
        var history = await JobHistory.ReadAsync(catalog.Store, job, cancellationToken);
        bool live = history?.State is JobState.Created or JobState.Running or JobState.Paused;
        if (live || champions.Count > 0)
        {
            var newest = await catalog.NewestValidAsync(job, (_, _) => { }, cancellationToken);
            if (newest is { Manifest.Step: var step } && steps.Contains(step))
                reasons[step] = live
                    ? $"the newest verified checkpoint of job {job}, which is {history!.State.ToString().ToLowerInvariant()} (its history.json, updated {history.UpdatedUtc:yyyy-MM-dd HH:mm} UTC)"
                    : $"the newest verified checkpoint of job {job}, schedule {champions[0].Schedule}'s champion";
        }
        foreach (var champion in champions.Where(c => steps.Contains(c.Step)))
            reasons[champion.Step] = $"schedule {champion.Schedule}'s champion (run {champion.Run}, promoted {champion.PromotedUtc:yyyy-MM-dd HH:mm} UTC)";
        return reasons;
    }
}
