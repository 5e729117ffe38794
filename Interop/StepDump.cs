using AdaFtr.Model.Networks;
using AdaFtr.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Interop;

/// <summary>
/// The tensors <c>adaftr model step</c> writes, all float32 (a public interface: keep names stable):
/// <c>logit.&lt;task&gt;</c>, <c>pred.&lt;task&gt;</c> [B]; <c>v.&lt;task&gt;</c>, <c>h.&lt;task&gt;</c> [B, *];
/// <c>rel.prob</c>, <c>tau</c> [B] for the (ctr, cvr) pair (and <c>rel.prob.view</c>, <c>tau.view</c>
/// in three-task mode); scalars <c>loss.total</c>, <c>loss.&lt;task&gt;</c>, <c>loss.rel</c>,
/// <c>loss.cl</c>, <c>loss.reg</c>, <c>loss.pairwise</c>; <c>grad.&lt;parameter&gt;</c> for every parameter.
/// </summary>
public static class StepDump
{
    public static List<(string Name, Tensor Tensor)> Collect(AdaFtrModel model, ForwardBackwardResult result)
    {
        var tasks = model.Config.Schema.Tasks;
        var (outputs, terms) = (result.Outputs, result.Terms);
        var dump = new List<(string, Tensor)>();
        for (int t = 0; t < tasks.Count; t++)
        {
            dump.Add(($"logit.{tasks[t]}", outputs.Logits[t]));
            dump.Add(($"pred.{tasks[t]}", torch.sigmoid(outputs.Logits[t])));
            dump.Add(($"v.{tasks[t]}", outputs.V[t]));
            dump.Add(($"h.{tasks[t]}", outputs.H[t]));
            dump.Add(($"loss.{tasks[t]}", terms.Task[t]));
        }
        for (int p = 0; p < terms.Tau.Length; p++)
        {
            string suffix = p == 0 ? "" : $".{tasks[p + 1]}";
            dump.Add(($"rel.prob{suffix}", terms.RelatednessProbability[p]));
            dump.Add(($"tau{suffix}", terms.Tau[p]));
        }
        dump.Add(("loss.total", terms.Total));
        dump.Add(("loss.rel", terms.Relatedness));
        dump.Add(("loss.cl", terms.Alignment));
        dump.Add(("loss.reg", terms.Regularization));
        dump.Add(("loss.pairwise", terms.Pairwise));
        foreach (var (name, parameter) in model.named_parameters())
        {
            Tensor gradient;
            if (name == AdaFtrModel.EmbeddingName)
            {
                gradient = torch.zeros_like(parameter);
                gradient.index_copy_(0, outputs.Lookup.RowIds, result.RowGradients);          // [rows, E], zero where untouched
            }
            else gradient = parameter.grad ?? torch.zeros_like(parameter);
            dump.Add(($"grad.{name}", gradient));
        }
        return dump.Select(d => (d.Item1, d.Item2.detach().to_type(ScalarType.Float32))).ToList();
    }
}
