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
        catch (ArgumentException e) when (e is not ArgumentNullException) { throw new UserError(e.Message); }
        catch (InvalidOperationException e) when (e.Message.StartsWith("no rows", StringComparison.Ordinal)) { throw new UserError(e.Message); }
        catch (IOException e) when (e.Message.Contains("shard set", StringComparison.Ordinal)) { throw new UserError(e.Message); }
    }
}
