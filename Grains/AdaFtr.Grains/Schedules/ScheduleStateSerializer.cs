using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace AdaFtr.Grains.Schedules;

/// <summary>
/// How schedule state is stored: with Orleans' own serializer, the one grain messages use, so stored state follows the
/// <c>[GenerateSerializer]</c> contracts and their ids. The default JSON serializer writes each list's runtime type name
/// and refuses the ones the compiler makes for collection expressions (a spec with one extra day would not save).
/// </summary>
public static class ScheduleStateSerializer
{
    public static IGrainStorageSerializer For(IServiceProvider services) => new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
}
