using AdaFtr.Grains.Compute;
using Orleans.Runtime;

namespace AdaFtr.Silo.Health;

/// <summary>
/// <c>/healthz</c>, for readiness and liveness probes: 200 when this silo is an active member of its cluster and has
/// devices to train on, else 503; the JSON body says which. Served without basic auth (it tells nothing secret), so
/// a kubelet can ask it.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static void MapHealth(this WebApplication app) =>
        app.MapGet(Path, (IClusterMembershipService membership, ILocalSiloDetails silo, DeviceSlots slots) =>
        {
            var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
            bool ready = status == SiloStatus.Active && slots.Devices.Count > 0;
            var body = new { status = ready ? "ok" : "unavailable", membership = status.ToString(), devices = slots.Devices };
            return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
}
