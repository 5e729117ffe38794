using System.CommandLine.Parsing;
using System.Globalization;

namespace AdaFtr.Coordinator.Commands.Schedule;

/// <summary>A whole number of days written <c>7d</c> (or just <c>7</c>): the unit of daily partitions.</summary>
public static class DayCount
{
    /// <summary>The days, or an error on the option's result naming it and the form it takes.</summary>
    public static int Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var digits = text.EndsWith('d') ? text[..^1] : text;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1) return days;
        result.AddError($"{(result.Parent as OptionResult)?.Option.Name}: '{text}' is not a number of days; write it as 7d (whole days, 1 or more)");
        return 0;
    }
}
