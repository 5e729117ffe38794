using AdaFtr.Model.Configuration;

namespace AdaFtr.Coordinator.Experiments;

/// <summary>One trained configuration of a suite: a backbone, an objective and the tower links, named as its row of the results table.</summary>
/// <param name="Name">Row label, e.g. "MMoE" or "AdaFTR w/o learnable τ".</param>
/// <param name="Group">Which comparison it belongs to: baseline, adaftr, ablation, reading or backbone (the paper's Tables 4, 5 and 6).</param>
/// <param name="Transfer">Links between towers (AITM); none by default.</param>
public sealed record ExperimentArm(string Name, string Group, BackboneKind Backbone, ObjectiveConfig Objective, TowerTransfer Transfer = TowerTransfer.None);
