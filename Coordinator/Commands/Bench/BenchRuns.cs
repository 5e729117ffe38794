using System.CommandLine;

namespace AdaFtr.Coordinator.Commands.Bench;

/// <summary>
/// <c>--repeat N</c> of a bench verb: runs its measurement N times, one after another, and prints one run's
/// <see cref="BenchReport"/> as it always has, or for N above 1 the <see cref="BenchSummary"/> of them all.
/// A shared machine's noise shows as the spread between min and max.
/// </summary>
public static class BenchRuns
{
    /// <summary>A fresh option per verb (an option belongs to one command).</summary>
    public static Option<int> RepeatOption()
    {
        var repeat = new Option<int>("--repeat")
        {
            Description = "Run the bench N times and print the median, min and max of every figure.",
            DefaultValueFactory = _ => 1,
        };
        repeat.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--repeat must be 1 or more"); });
        return repeat;
    }

    public static async Task<int> RunAsync(int repeat, bool json, TextWriter output, Func<Task<BenchReport>> measure, CancellationToken cancellationToken)
    {
        var runs = new List<BenchReport>();
        for (int i = 0; i < repeat; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            runs.Add(await measure());
        }
        if (repeat == 1) runs[0].Print(output, json);
        else BenchSummary.Of(runs).Print(output, json);
        return ExitCodes.Ok;
    }
}
