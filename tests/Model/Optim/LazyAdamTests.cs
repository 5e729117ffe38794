using AdaFtr.Model.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdaFtr.Model.Tests.Optim;

[Collection(TorchCollection.Name)]
[Trait("Category", "Model")]
public sealed class LazyAdamTests
{
    private static readonly AdamSettings Settings = new(LearningRate: 0.01, Beta1: 0.8, Beta2: 0.95, Epsilon: 1e-6);

    [Fact]
    public void Lazy_rows_equal_dense_torch_adam_when_every_row_is_touched_every_step()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(1);
        var initial = torch.randn(6, 4, generator: generator, dtype: ScalarType.Float64);
        var lazyTable = initial.clone();
        var reference = new Parameter(initial.clone());
        using var slot = new LazyRowAdamSlot(lazyTable, Settings);
        using var adam = optim.Adam([reference], Settings.LearningRate, Settings.Beta1, Settings.Beta2, Settings.Epsilon);
        var allRows = torch.arange(6, dtype: ScalarType.Int64);
        for (int step = 0; step < 5; step++)
        {
            var gradient = torch.randn(6, 4, generator: generator, dtype: ScalarType.Float64);
            slot.Apply(allRows, gradient);
            reference.grad = gradient.clone();
            adam.step();
        }
        lazyTable.allclose(reference, rtol: 1e-10, atol: 1e-12).Should().BeTrue();
        slot.Steps.data<long>().ToArray().Should().AllBeEquivalentTo(5L);
    }

    [Fact]
    public void Dense_slot_equals_torch_adam_with_weight_decay()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(2);
        var settings = Settings with { WeightDecay = 0.1 };
        var initial = torch.randn(3, 5, generator: generator, dtype: ScalarType.Float64);
        var mine = initial.clone();
        var reference = new Parameter(initial.clone());
        using var slot = new DenseAdamSlot(mine, settings);
        using var adam = optim.Adam([reference], settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, weight_decay: settings.WeightDecay);
        for (int step = 0; step < 4; step++)
        {
            var gradient = torch.randn(3, 5, generator: generator, dtype: ScalarType.Float64);
            slot.Apply(gradient);
            reference.grad = gradient.clone();
            adam.step();
        }
        mine.allclose(reference, rtol: 1e-10, atol: 1e-12).Should().BeTrue();
    }

    [Fact]
    public void A_flat_dense_group_equals_torch_adam_on_each_parameter()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(4);
        var settings = Settings with { WeightDecay = 0.05 };
        var shapes = new long[][] { [3, 2], [4], [], [2, 2, 2] };
        var mine = shapes.Select(s => new Parameter(torch.randn(s, generator: generator, dtype: ScalarType.Float64))).ToList();
        var reference = mine.Select(p => new Parameter(p.detach().clone())).ToList();
        using var group = new DenseAdamGroup(mine.Cast<Tensor>().ToList(), settings);
        using var adam = optim.Adam(reference, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, weight_decay: settings.WeightDecay);
        for (int step = 0; step < 4; step++)
        {
            for (int i = 0; i < shapes.Length; i++)
            {
                var gradient = torch.randn(shapes[i], generator: generator, dtype: ScalarType.Float64);
                mine[i].grad = gradient;
                reference[i].grad = gradient.clone();
            }
            group.Apply();
            adam.step();
        }
        for (int i = 0; i < shapes.Length; i++)
            mine[i].allclose(reference[i], rtol: 1e-10, atol: 1e-12).Should().BeTrue($"parameter {i}");
    }

    [Fact]
    public void Untouched_rows_never_move_and_each_row_keeps_its_own_step_count()
    {
        using var scope = torch.NewDisposeScope();
        var generator = new Generator(3);
        var initial = torch.randn(5, 2, generator: generator, dtype: ScalarType.Float64);
        var table = initial.clone();
        using var slot = new LazyRowAdamSlot(table, Settings);
        var g1 = torch.randn(2, 2, generator: generator, dtype: ScalarType.Float64);
        var g2 = torch.randn(1, 2, generator: generator, dtype: ScalarType.Float64);
        slot.Apply(torch.tensor(new long[] { 1, 3 }), g1);
        slot.Apply(torch.tensor(new long[] { 3 }), g2);

        foreach (long untouched in new long[] { 0, 2, 4 })
        {
            table[untouched].eq(initial[untouched]).all().item<bool>().Should().BeTrue($"row {untouched} was never in a step");
            slot.Moments.M[untouched].abs().max().ToDouble().Should().Be(0);
            slot.Moments.V[untouched].abs().max().ToDouble().Should().Be(0);
        }
        slot.Steps.data<long>().ToArray().Should().Equal(0, 1, 0, 2, 0);

        // Row 1 saw one step, row 3 two: each equals a dense Adam run over just its own steps.
        table[1].allclose(DenseRun(initial[1], [g1[0]])).Should().BeTrue();
        table[3].allclose(DenseRun(initial[3], [g1[1], g2[0]])).Should().BeTrue();
    }

    private static Tensor DenseRun(Tensor start, Tensor[] gradients)
    {
        var parameter = new Parameter(start.clone());
        using var adam = optim.Adam([parameter], Settings.LearningRate, Settings.Beta1, Settings.Beta2, Settings.Epsilon);
        foreach (var gradient in gradients)
        {
            parameter.grad = gradient.clone();
            adam.step();
        }
        return parameter.detach();
    }
}
