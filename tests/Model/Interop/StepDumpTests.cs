using AdaFtr.Model.Configuration;
using AdaFtr.Model.Interop;
using AdaFtr.Model.Networks;
using AdaFtr.Model.Objectives;
using AdaFtr.Model.Training;
using AdaFtr.Model.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Interop;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class StepDumpTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("adaftr-step-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_step_dump_holds_exactly_the_public_names(int tasks)
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config(BackboneKind.Mmoe, tasks);
        using var model = new AdaFtrModel(config);
        using var batch = RandomBatches.Create(config.Schema, 10, seed: 1);
        var dump = StepDump.Collect(model, ForwardBackward.Run(model, new AdaFtrObjective(config.Objective), batch))
            .ToDictionary(d => d.Name, d => d.Tensor);

        var taskNames = config.Schema.Tasks;
        var expected = taskNames.SelectMany(t => new[] { $"logit.{t}", $"pred.{t}", $"v.{t}", $"h.{t}", $"loss.{t}" })
            .Concat(["rel.prob", "tau", "loss.total", "loss.rel", "loss.cl", "loss.reg", "loss.pairwise"])
            .Concat(tasks == 3 ? ["rel.prob.view", "tau.view"] : [])
            .Concat(model.named_parameters().Select(p => $"grad.{p.name}"));
        dump.Keys.Should().BeEquivalentTo(expected);
        dump.Values.Should().OnlyContain(t => t.dtype == ScalarType.Float32);
        dump["logit.ctr"].shape.Should().Equal(10);
        dump["h.cvr"].shape.Should().Equal(10, config.TowerLayers[0]);
        dump["pred.cvr"].allclose(torch.sigmoid(dump["logit.cvr"])).Should().BeTrue();
        dump["grad.features.weight"].shape.Should().Equal(model.Features.Weight.shape);

        double total = taskNames.Sum(t => dump[$"loss.{t}"].ToDouble()) + config.Objective.Alpha * dump["loss.rel"].ToDouble()
            + config.Objective.Beta * dump["loss.cl"].ToDouble() + config.Objective.Lambda * dump["loss.reg"].ToDouble()
            + config.Objective.PairwiseWeight * dump["loss.pairwise"].ToDouble();
        dump["loss.total"].ToDouble().Should().BeApproximately(total, 1e-5);
    }

    [Fact]
    public void Untouched_embedding_rows_have_zero_gradient_and_a_batch_file_round_trips()
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config();
        using var model = new AdaFtrModel(config);
        using var batch = RandomBatches.Create(config.Schema, 4, seed: 2);
        var path = Path.Combine(folder, "batch.safetensors");
        SafeTensorsWriter.Write(path, BatchFile.Tensors(batch));
        using var read = BatchFile.Read(path, config.Schema);
        read.Sparse.eq(batch.Sparse).all().item<bool>().Should().BeTrue();

        var dump = StepDump.Collect(model, ForwardBackward.Run(model, new AdaFtrObjective(config.Objective), read)).ToDictionary(d => d.Name, d => d.Tensor);
        var touched = model.Features.TableRows(batch.Sparse).flatten().unique().Item1;
        var mask = torch.ones(model.Features.Weight.shape[0], dtype: ScalarType.Bool).index_fill_(0, touched, false);
        dump["grad.features.weight"][mask].abs().max().ToDouble().Should().Be(0);
    }

    [Fact]
    public void A_batch_file_with_ids_outside_the_vocabulary_is_rejected()
    {
        using var scope = torch.NewDisposeScope();
        var config = TinyModels.Config();
        using var batch = RandomBatches.Create(config.Schema, 4, seed: 3);
        batch.Sparse[0, 1] = 5;   // field "item" has 5 ids: 0..4
        var path = Path.Combine(folder, "bad.safetensors");
        SafeTensorsWriter.Write(path, BatchFile.Tensors(batch));
        var act = () => BatchFile.Read(path, config.Schema);
        act.Should().Throw<SafeTensorsFormatException>().WithMessage("*beyond a field's vocabulary_size*");
    }
}
