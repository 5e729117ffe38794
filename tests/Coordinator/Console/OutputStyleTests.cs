using AdaFtr.Coordinator.Console;

namespace AdaFtr.Coordinator.Tests.Console;

[Trait("Category", "Cli")]
public sealed class OutputStyleTests
{
    private const char Escape = '\u001b';

    [Theory]
    [InlineData(true, null, "xterm-256color", true, true)]
    [InlineData(true, "", "xterm-256color", true, true)]     // NO_COLOR counts only when set to something
    [InlineData(true, "1", "xterm-256color", true, false)]
    [InlineData(true, null, "dumb", false, false)]
    [InlineData(false, null, "xterm-256color", false, false)]
    public void Colour_and_live_widgets_need_a_terminal_and_colour_needs_NO_COLOR_unset(bool terminal, string? noColor, string term, bool interactive, bool colour) =>
        OutputStyle.Of(terminal, noColor, term).Should().Be(new OutputStyle(interactive, colour));

    [Fact]
    public void A_writer_that_is_not_the_process_console_is_never_a_terminal() =>
        OutputStyle.Of(new StringWriter()).Should().Be(new OutputStyle(false, false));

    [Fact]
    public void A_redirected_table_is_plain_aligned_lines_with_every_value()
    {
        var text = new StringWriter();
        new ListTable(new CliConsole(text, new OutputStyle(false, false)), "job", "state", "step")
            .Row("nightly-2026-11-23", "Completed", "40/40")
            .Alarm("trial-[1]", "Failed", "3/40")
            .Write();

        var lines = text.ToString().TrimEnd('\n').Split('\n');
        lines.Should().Equal(
            "job                 state      step",
            "nightly-2026-11-23  Completed  40/40",
            "trial-[1]           Failed     3/40");
    }

    [Fact]
    public void A_colour_terminal_gets_escape_codes_and_NO_COLOR_takes_the_colours_away()
    {
        static string Render(OutputStyle style)
        {
            var text = new StringWriter();
            new ListTable(new CliConsole(text, style), "silo", "state").Alarm("0", "DOWN").Write();
            return text.ToString();
        }

        var coloured = Render(OutputStyle.Of(terminal: true, noColor: null, term: "xterm-256color"));
        var noColor = Render(OutputStyle.Of(terminal: true, noColor: "1", term: "xterm-256color"));

        coloured.Should().Contain($"{Escape}[").And.Contain("DOWN");
        noColor.Should().Contain("DOWN").And.NotMatchRegex(@"\u001b\[(3[0-9]|38;)", "no foreground colour when NO_COLOR is set");
    }

    [Fact]
    public async Task Redirected_work_gets_no_live_bar()
    {
        var text = new StringWriter();
        var console = new CliConsole(text, new OutputStyle(false, false));
        var bar = await LiveProgress.RunAsync(console, "job", 10, Task.FromResult);
        bar.IsLive.Should().BeFalse();
        LiveProgress.Run(console, "rows", total: null, b => b).IsLive.Should().BeFalse();
        text.ToString().Should().BeEmpty("nothing is drawn where no terminal is");
    }

    [Fact]
    public void An_interactive_console_draws_a_bar_around_synchronous_work_on_the_calling_thread()
    {
        var text = new StringWriter();
        var console = new CliConsole(text, new OutputStyle(true, false));
        var (live, thread) = LiveProgress.Run(console, "writing", 100, bar =>
        {
            bar.Update(100, "writing: 100 rows");
            return (bar.IsLive, Environment.CurrentManagedThreadId);
        });
        live.Should().BeTrue();
        thread.Should().Be(Environment.CurrentManagedThreadId, "TorchSharp work relies on its thread-local dispose scopes");
        text.ToString().Should().Contain("writing: 100 rows").And.Contain("100%");
    }
}
