using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using AdaFtr.Coordinator.Commands;
using AdaFtr.Coordinator.Commands.Bench;
using AdaFtr.Coordinator.Console;
using AdaFtr.Model.Runtime;
using AdaFtr.Shards.Readers;

namespace AdaFtr.Coordinator;

/// <summary>The <c>adaftr</c> command tree, and the one place errors turn into messages and exit codes.</summary>
public static class AdaftrCli
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces and extra detail when something fails.",
        Recursive = true,
    };

    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand("""
            adaftr: train AdaFTR multi-task ranking models (CTR + CVR) by synchronous data-parallel training.

            Examples:
              adaftr train                              AdaFTR-MMoE on the bundled Ali-CCP sample (embedded silo), checkpoint to ./checkpoints
              adaftr train --workers 2 --ps-shards 2    two synchronous workers, two parameter-server shards
              adaftr cluster up --silos 3               silo processes clustered through Redis; then train --cluster redis://...
              adaftr cluster up --clustering azure      ... through an Azure storage account's tables; then train --cluster azure
              adaftr data synth --kind aliccp-like --rows 1000000 --out data/synth
              adaftr doctor                             check .NET, libtorch, devices and the checkpoint folder
            """);
        root.Options.Add(Verbose);
        root.Subcommands.Add(TrainCommand.Create(output));
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(EvalCommand.Create(output));
        root.Subcommands.Add(DoctorCommand.Create(output));
        root.Subcommands.Add(ClusterCommand.Create(output));
        root.Subcommands.Add(JobsCommand.Create(output));
        root.Subcommands.Add(Commands.Schedule.ScheduleCommand.Create(output));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(Commands.Model.ModelCommand.Create(output));
        root.Subcommands.Add(Commands.Data.DataCommand.Create(output));
        root.Subcommands.Add(Commands.Checkpoints.CheckpointsCommand.Create(output));
        root.Subcommands.Add(Commands.Experiment.ExperimentCommand.Create(output));
        VerbListHelp.Apply(root);
        return root;
    }

    /// <param name="cancellationToken">The first Ctrl-C (<see cref="StopSignals"/>): verbs stop at their next safe point. System.CommandLine's own
    /// signal handling is off, as it would end the process before `train` has checkpointed.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        OpenMpWaitPolicy.PreferPassive();   // before any verb loads libtorch
        var root = Build(output);
        var parsed = root.Parse(args);
        bool verbose = parsed.GetValue(Verbose);
        StderrLogs.StackTraces = verbose;
        // The mistake and the nearest spellings, not the whole help page: that would scroll the mistake away.
        if (parsed.Action is ParseErrorAction usage) usage.ShowHelp = false;
        if (parsed.Errors.Count == 0 && OptionLikeValues.FirstIn(parsed) is { } flag)
        {
            ErrorReport.Write(error, $"{flag}: no such option of `{CommandLineOf(parsed)}` (it is not taken as a value)");
            await error.WriteLineAsync($"run `{CommandLineOf(parsed)} --help` for its verbs, options and examples");
            return ExitCodes.Usage;
        }
        try
        {
            int exitCode = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cancellationToken);
            if (parsed.Errors.Count > 0) await error.WriteLineAsync($"run `{CommandLineOf(parsed)} --help` for its verbs, options and examples");
            return exitCode;
        }
        catch (UserError e)
        {
            ErrorReport.Write(error, e.Message);
            if (verbose) await error.WriteLineAsync(e.ToString());
            return e.ExitCode;
        }
        catch (Exception e) when (e is DataFormatException || CorruptFile.Is(e))
        {
            ErrorReport.Write(error, e.Message);
            if (verbose) await error.WriteLineAsync(e.ToString());
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            ErrorReport.Write(error, e.Message);
            await error.WriteLineAsync(verbose ? e.ToString() : "(this looks like a bug; rerun with --verbose for the stack trace)");
            return ExitCodes.Internal;
        }
    }

    /// <summary>"adaftr" and the verbs the user typed, e.g. <c>adaftr schedule add</c>.</summary>
    private static string CommandLineOf(ParseResult parsed)
    {
        var names = new List<string>();
        for (SymbolResult? result = parsed.CommandResult; result is CommandResult command; result = command.Parent) names.Add(command.Command.Name);
        names[^1] = "adaftr";   // the root is named after the executable (adaftr, or a test host)
        names.Reverse();
        return string.Join(' ', names);
    }

}
