using AdaFtr.Model.Configuration;

namespace AdaFtr.Model.Networks.Backbones;

/// <summary>Builds the backbone a <see cref="BackboneConfig"/> names.</summary>
public static class BackboneFactory
{
    public static Backbone Create(BackboneConfig config, int input, int tasks) => config.Kind switch
    {
        BackboneKind.SingleDnn => new SingleDnnBackbone(input, config.ExpertLayers, tasks),
        BackboneKind.SharedBottom => new SharedBottomBackbone(input, config.ExpertLayers, tasks),
        BackboneKind.CrossStitch => new CrossStitchBackbone(input, config.ExpertLayers, tasks),
        BackboneKind.Mmoe => new MmoeBackbone(input, config.ExpertLayers, config.Experts, tasks),
        BackboneKind.Ple => new PleBackbone(input, config.ExpertLayers, config.SharedExperts, config.TaskExperts, tasks),
        _ => throw new ModelConfigException($"backbone.kind: '{config.Kind}' is not one of single_dnn, shared_bottom, cross_stitch, mmoe, ple"),
    };
}
