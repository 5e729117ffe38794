using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Objectives;

/// <summary>
/// Backward against central finite differences in float64. Algorithm 1 routes gradients, so the
/// reference functions are: for the relatedness parameters Ω, α·L_rel; for every other parameter Θ,
/// L_task + β·L_cl + λ·reg + γ·L_pair with τ held at its value at the base point.
/// </summary>
[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class GradientCheckTests
{
    private const double Step = 1e-6;

    [Theory]
    [InlineData(BackboneKind.Mmoe, 2, AlignmentLoss.InfoNce, TemperatureMode.Adaptive, CvrSpace.All)]
    [InlineData(BackboneKind.Mmoe, 2, AlignmentLoss.InfoNce, TemperatureMode.Learnable, CvrSpace.Ctcvr)]
    [InlineData(BackboneKind.Ple, 3, AlignmentLoss.InfoNce, TemperatureMode.Adaptive, CvrSpace.Clicked)]
    [InlineData(BackboneKind.CrossStitch, 2, AlignmentLoss.Scl, TemperatureMode.Fixed, CvrSpace.All)]
    [InlineData(BackboneKind.SharedBottom, 2, AlignmentLoss.Mse, TemperatureMode.Adaptive, CvrSpace.All)]
    [InlineData(BackboneKind.SingleDnn, 2, AlignmentLoss.InfoNce, TemperatureMode.Adaptive, CvrSpace.All)]
    public void Routed_gradients_match_finite_differences(BackboneKind kind, int tasks, AlignmentLoss alignment, TemperatureMode temperature, CvrSpace cvrSpace)
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config(kind, tasks) with
        {
            Objective = TinyModels.Config().Objective with { Alignment = alignment, Temperature = temperature, CvrSpace = cvrSpace, Similarity = alignment == AlignmentLoss.Scl ? Similarity.Cosine : Similarity.Dot },
        };
        torch.manual_seed(3);
        using var model = new AdaFtrModel(config);
        model.to(ScalarType.Float64);
        var objective = new AdaFtrObjective(config.Objective);
        using var batch = TinyModels.RandomBatch(8, seed: 11, tasks, ScalarType.Float64);

        var outputs = model.call(batch.Sparse, batch.Dense);
        var terms = objective.Compute(outputs, batch.Labels);
        terms.Total.backward();
        var taus = terms.Tau.Select(t => t.detach().clone()).ToArray();
        var analytic = AnalyticGradients(model, outputs);

        var random = new Random(5);
        int checkedEntries = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            bool relatedness = name.StartsWith(AdaFtrModel.RelatednessPrefix);
            var flat = parameter.detach().view(-1);
            var gradient = analytic[name].view(-1);
            foreach (var index in Enumerable.Range(0, 4).Select(_ => (long)random.Next((int)flat.shape[0])).Distinct())
            {
                double original = flat[index].ToDouble();
                double Evaluate(double value)
                {
                    using var inner = torch.NewDisposeScope();
                    using var _ = torch.no_grad();
                    flat[index] = value;
                    var o = model.call(batch.Sparse, batch.Dense);
                    var t = objective.Compute(o, batch.Labels);
                    return relatedness ? config.Objective.Alpha * t.Relatedness.ToDouble() : ThetaObjective(config.Objective, o, t, taus);
                }
                double numeric = (Evaluate(original + Step) - Evaluate(original - Step)) / (2 * Step);
                flat[index] = original;
                double expected = gradient[index].ToDouble();
                Math.Abs(numeric - expected).Should().BeLessThan(1e-6 + 1e-4 * Math.Abs(numeric),
                    $"d/d {name}[{index}]: finite difference {numeric}, backward {expected}");
                checkedEntries++;
            }
        }
        checkedEntries.Should().BeGreaterThan(20);
    }

    /// <summary>Θ's objective: everything but α·L_rel, with the alignment term recomputed at the base point's τ.</summary>
    private static double ThetaObjective(ObjectiveConfig config, ModelOutputs o, ObjectiveTerms t, Tensor[] taus)
    {
        double alignment = 0;
        for (int p = 0; p < taus.Length; p++)
        {
            alignment += config.Alignment switch
            {
                AlignmentLoss.InfoNce => ContrastiveLoss.InfoNce(o.H[0], o.H[p + 1], config.Temperature == TemperatureMode.Learnable ? o.LogTau!.exp().expand(taus[p].shape[0]) : taus[p], config.Similarity).ToDouble(),
                AlignmentLoss.Scl => ContrastiveLoss.Scl(o.H[0], o.H[p + 1], taus[p], config.Similarity).ToDouble(),
                AlignmentLoss.Mse => ContrastiveLoss.Mse(o.H[0], o.H[p + 1]).ToDouble(),
                _ => 0,
            };
        }
        return t.Task.Sum(x => x.ToDouble()) + config.Beta * alignment + config.Lambda * t.Regularization.ToDouble() + config.PairwiseWeight * t.Pairwise.ToDouble();
    }

    /// <summary>Each parameter's gradient from backward; the embedding table's assembled from the looked-up rows' summed gradients.</summary>
    internal static Dictionary<string, Tensor> AnalyticGradients(AdaFtrModel model, ModelOutputs outputs)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name == AdaFtrModel.EmbeddingName)
            {
                var full = torch.zeros_like(parameter);
                full.index_copy_(0, outputs.Lookup.RowIds, outputs.Lookup.RowGradients());
                result[name] = full;
            }
            else
            {
                result[name] = parameter.grad?.clone() ?? torch.zeros_like(parameter);
            }
        }
        return result;
    }
}
