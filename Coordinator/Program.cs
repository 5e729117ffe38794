using AdaFtr.Coordinator;
using AdaFtr.Coordinator.Console;
using AdaFtr.Model.Runtime;

NativeHeapPolicy.KeepFreedMemory();   // first: before other threads take arenas of their own

using var signals = new StopSignals(Console.Error);
return await AdaftrCli.RunAsync(args, Console.Out, Console.Error, signals.Token);
