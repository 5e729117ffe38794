using AdaFtr.Shards.Format;

namespace AdaFtr.Coordinator.Commands.Data;

/// <summary>Turns the data library's problems with the user's input into <see cref="UserError"/>s (no stack trace, a message that says what to do).</summary>
internal static class ShardsErrors
{
    public static T Translate<T>(Func<T> run)
    {
        try { return run(); }
        catch (ShardCorruptException e) { throw new UserError($"{e.Message}"); }
        catch (FileNotFoundException e) { throw new UserError(e.Message); }
        catch (DirectoryNotFoundException e) { throw new UserError(e.Message); }
        catch (ArgumentOutOfRangeException e) when (e.ParamName is not null) { throw new UserError(OptionProblem(e)); }
        catch (ArgumentException e) when (e is not ArgumentNullException) { throw new UserError(e.Message); }
        catch (InvalidOperationException e) when (e.Message.StartsWith("no rows", StringComparison.Ordinal)) { throw new UserError(e.Message); }
        catch (IOException e) when (e.Message.Contains("shard set", StringComparison.Ordinal)) { throw new UserError(e.Message); }
    }

    /// <summary>"--click-rate 2: rates must be strictly between 0 and 1" from the library's check on ClickRate.</summary>
    private static string OptionProblem(ArgumentOutOfRangeException e)
    {
        var option = "--" + string.Concat(e.ParamName!.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
        var problem = e.Message.Split('\n')[0];
        int parameter = problem.IndexOf(" (Parameter", StringComparison.Ordinal);
        return $"{option} {e.ActualValue}: {(parameter >= 0 ? problem[..parameter] : problem)}";
    }
}
