using AdaFtr.Coordinator;

return await AdaftrCli.RunAsync(args, Console.Out, Console.Error);
