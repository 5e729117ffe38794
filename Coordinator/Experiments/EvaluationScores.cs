using AdaFtr.Model;
using AdaFtr.Model.Configuration;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>
/// A trained model's per-row outputs on some rows of a two-task (ctr, cvr) set. The CVR score over
/// all impressions is the model's estimate of p(click ∧ conversion): the CVR head itself when it
/// is trained over all impressions, pCTR·pCVR for ESMM (<c>cvr_space = ctcvr</c>). Over clicked
/// impressions it is the CVR head (ESMM's pCVR). <see cref="Relatedness"/> (ŷ_rel) and
/// <see cref="Tau"/> are empty for models that do not train or use them.
/// </summary>
/// <param name="Labels">[N, 2] row-major: click, conversion.</param>
public sealed record EvaluationScores(float[] Ctr, float[] CvrExposure, float[] CvrClicked, float[] Relatedness, float[] Tau, float[] Labels, long[] Users)
{
    private const int ChunkRows = 8192;

    /// <param name="withRelatedness">read ŷ_rel (the model trains its relatedness net).</param>
    /// <param name="withTau">read the per-row τ of eq. 12 (adaptive temperature).</param>
    public static EvaluationScores Of(AdaFtrModel model, Batch rows, bool withRelatedness, bool withTau)
    {
        var tasks = model.Config.Schema.Tasks;
        if (tasks.Count != 2) throw new ArgumentException($"experiments compare ctr and cvr; this model has tasks [{string.Join(", ", tasks)}]");
        bool ctcvr = model.Config.Objective.CvrSpace == CvrSpace.Ctcvr;
        var ctr = new List<float>(); var exposure = new List<float>(); var clicked = new List<float>();
        var relatedness = new List<float>(); var tau = new List<float>();
        model.eval();
        for (long start = 0; start < rows.Size; start += ChunkRows)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            using var chunk = rows.Slice(start, Math.Min(ChunkRows, rows.Size - start));
            var outputs = model.call(chunk.Sparse, chunk.Dense);
            var pCtr = torch.sigmoid(outputs.Logits[0]);                                  // [b]
            var pCvr = torch.sigmoid(outputs.Logits[1]);                                  // [b]
            ctr.AddRange(Floats(pCtr));
            clicked.AddRange(Floats(pCvr));
            exposure.AddRange(Floats(ctcvr ? pCtr * pCvr : pCvr));
            if (withRelatedness) relatedness.AddRange(Floats(torch.sigmoid(outputs.RelatednessLogits[0])));
            if (withTau) tau.AddRange(Floats(Temperature.Of(model.Config.Objective, outputs.RelatednessLogits[0], outputs.LogTau)));
        }
        return new EvaluationScores(ctr.ToArray(), exposure.ToArray(), clicked.ToArray(), relatedness.ToArray(), tau.ToArray(),
            rows.Labels.to_type(ScalarType.Float32).data<float>().ToArray(), rows.User.data<long>().ToArray());
    }

    private static float[] Floats(Tensor values) => values.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
}
