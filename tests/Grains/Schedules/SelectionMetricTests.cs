using AdaFtr.Grains.Schedules;

namespace AdaFtr.Grains.Tests.Schedules;

[Trait("Category", "Schedule")]
public sealed class SelectionMetricTests
{
    private static readonly string[] Tasks = ["ctr", "cvr", "view"];

    [Fact]
    public void An_unknown_metric_names_the_valid_choices()
    {
        var act = () => SelectionMetric.Parse("cvr_accuracy", Tasks);
        act.Should().Throw<ArgumentException>().WithMessage("*cvr_accuracy*ctr_auc, ctr_gauc, ctr_logloss, cvr_auc*view_logloss*");
    }

    [Fact]
    public void Auc_is_read_from_the_evaluation_of_the_step_asked_for()
    {
        EvaluationPoint[] evaluations = [new(5, "cvr", 0.61, 0.55, 0.3, 100), new(10, "ctr", 0.7, 0.6, 0.2, 100), new(10, "cvr", 0.66, 0.58, 0.25, 100)];
        SelectionMetric.Parse("cvr_auc", Tasks).Of(evaluations, 10).Should().Be(0.66);
        SelectionMetric.Parse("cvr_logloss", Tasks).Of(evaluations, 5).Should().Be(0.3);
        SelectionMetric.Parse("view_auc", Tasks).Of(evaluations, 10).Should().BeNull();
    }

    [Fact]
    public void Higher_auc_and_lower_logloss_win_and_a_tie_keeps_the_champion()
    {
        var auc = SelectionMetric.Parse("ctr_auc", Tasks);
        auc.Beats(0.71, 0.70).Should().BeTrue();
        auc.Beats(0.70, 0.70).Should().BeFalse();
        auc.Beats(double.NaN, 0.70).Should().BeFalse();
        var logloss = SelectionMetric.Parse("ctr_logloss", Tasks);
        logloss.Beats(0.19, 0.20).Should().BeTrue();
        logloss.Beats(0.21, 0.20).Should().BeFalse();
    }
}
