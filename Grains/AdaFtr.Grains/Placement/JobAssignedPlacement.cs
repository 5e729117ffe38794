using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace AdaFtr.Grains.Placement;

/// <summary>
/// Places a worker on the silo its job chose (sent as the placement hint of the first call). When
/// that silo is gone, the worker goes to a surviving silo chosen by its index, so K logical workers
/// stay K after a failure.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class JobAssignedPlacement : PlacementStrategy
{
    public static readonly JobAssignedPlacement Instance = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class JobAssignedPlacementAttribute() : PlacementAttribute(JobAssignedPlacement.Instance);

public sealed class JobAssignedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } chosen)
            return Task.FromResult(chosen);
        var ordered = silos.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToArray();
        var (_, index) = GrainKeys.Parse(target.GrainIdentity.Key.ToString()!);
        return Task.FromResult(ordered[index % ordered.Length]);
    }
}
