using AdaFtr.Model.Interop;

namespace AdaFtr.Model.Tests.Interop;

/// <summary>How <see cref="PyTorchInterpreter"/> picks a python3 and runs it.</summary>
[Trait("Category", "Model")]
public sealed class PyTorchInterpreterTests
{
    [Fact]
    public void Candidates_that_do_not_exist_or_fail_the_import_are_passed_over()
    {
        PyTorchInterpreter.Find(["/nonexistent/python3", "/bin/false"]).Should().BeNull();
    }

    [SkippableFact]
    public void The_first_candidate_with_torch_is_taken()
    {
        var installed = PyTorchInterpreter.Installed.Value;
        Skip.If(installed is null, "python3-torch is not installed (apt-get install -y python3-torch): no interpreter with torch to find");
        PyTorchInterpreter.Find(["/nonexistent/python3", installed!.Executable, "/bin/false"])!.Executable.Should().Be(installed.Executable);
    }

    [SkippableFact]
    public void A_run_keeps_stdout_and_stderr_apart_and_a_run_past_its_limit_is_stopped()
    {
        var python = PyTorchInterpreter.Installed.Value;
        Skip.If(python is null, "python3-torch is not installed (apt-get install -y python3-torch): no interpreter to run");
        var run = python!.Run(TimeSpan.FromMinutes(1), "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)");
        run.Should().Be(new PythonRun(3, "out\n", "err\n"));
        var stopped = python.Run(TimeSpan.FromMilliseconds(300), "-c", "import time; time.sleep(60)");
        stopped.ExitCode.Should().Be(-1);
        stopped.Stderr.Should().Contain("did not finish");
    }
}
