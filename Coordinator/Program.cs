using AdaFtr.Coordinator;
using AdaFtr.Coordinator.Console;

using var signals = new StopSignals(Console.Error);
return await AdaftrCli.RunAsync(args, Console.Out, Console.Error, signals.Token);
