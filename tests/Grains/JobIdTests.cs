using AdaFtr.Checkpoints;
using AdaFtr.Grains.Jobs;

namespace AdaFtr.Grains.Tests;

/// <summary>The one job-id rule (<see cref="JobIds"/>) where a job id enters the grains: the spec, a warm start, a checkpoint path, a manifest.</summary>
[Trait("Category", "Grains")]
public sealed class JobIdTests
{
    /// <summary>Ids that would leave the store's job folder, or that no store names portably.</summary>
    public static TheoryData<string> BadIds => new()
    {
        ".", "..", "/abs", "a/../b", new string('a', 200), "", "a b", "a\\b", "../up", "a:b", "tab\there", "caf\u00e9", "a\0b", "<script>",
    };

    [Theory]
    [Trait("Category", "BadInput")]
    [MemberData(nameof(BadIds))]
    public void The_rule_refuses_it_and_says_what_a_job_id_is(string id)
    {
        JobIds.IsValid(id).Should().BeFalse();
        JobIds.Problem(id).Should().Contain("letters, digits, '-', '_' or '.'").And.Contain("not '.' or '..'");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [MemberData(nameof(BadIds))]
    public void The_spec_validator_refuses_it_as_the_job_id(string id)
    {
        var act = () => JobSpecValidator.Validate(Spec(id), FaultInjection.Refused);
        act.Should().Throw<JobSpecException>().Which.Message.Should().Contain("JobId: ");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [MemberData(nameof(BadIds))]
    public void The_spec_validator_refuses_it_in_a_warm_start(string id)
    {
        var act = () => JobSpecValidator.Validate(Spec("fine") with { WarmStartFrom = new CheckpointReference(Path.GetTempPath(), id, 5) }, FaultInjection.Refused);
        act.Should().Throw<JobSpecException>().Which.Message.Should().Contain("WarmStartFrom.Job: ");
    }

    [Theory]
    [Trait("Category", "BadInput")]
    [MemberData(nameof(BadIds))]
    public void No_checkpoint_path_is_made_from_it(string id)
    {
        var act = () => CheckpointLayout.Path(id, 5, CheckpointLayout.ManifestName);
        act.Should().Throw<ArgumentException>().WithMessage("job: *");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("nightly-20261109T0200-champion")]
    [InlineData("v1.2_final")]
    [InlineData(".hidden")]
    public void A_plain_name_of_up_to_128_characters_is_a_job_id(string id)
    {
        JobIds.IsValid(id).Should().BeTrue();
        JobIds.IsValid(new string('x', JobIds.MaxLength)).Should().BeTrue();
        JobIds.IsValid(new string('x', JobIds.MaxLength + 1)).Should().BeFalse();
        CheckpointLayout.Folder(id, 5).Should().Be($"{id}/0000000005");
    }

    private static JobSpec Spec(string id) => new() { JobId = id, ModelConfigJson = "{}", ShardDirectory = "/nonexistent/shards" };
}
