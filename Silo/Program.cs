using System.Collections;
using AdaFtr.Model.Runtime;
using AdaFtr.Silo;
using AdaFtr.Silo.Configuration;

NativeHeapPolicy.KeepFreedMemory();   // first: before other threads take arenas of their own
OpenMpWaitPolicy.PreferPassive();   // before libtorch loads: cores are shared with the other silos and Redis

SiloSettings settings;
IReadOnlyList<string> devices;
try
{
    var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
    settings = SiloConfiguration.Read(args, environment);
    devices = SiloHost.ResolveDevices(settings);   // checked before anything starts: a silo without its GPUs does not join
}
catch (SiloConfigurationException e)
{
    foreach (var error in e.Errors) Console.Error.WriteLine($"adaftr-silo: config error: {error}");
    return 2;
}
Console.WriteLine(SiloHost.Describe(settings, devices));
await SiloHost.Build(settings).RunAsync();
return 0;
