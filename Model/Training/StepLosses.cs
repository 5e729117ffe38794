namespace AdaFtr.Model.Training;

/// <summary>The loss terms of one step as plain numbers (means over the step's micro-batches); <see cref="Task"/> in schema order.</summary>
public sealed record StepLosses(double Total, double[] Task, double Relatedness, double Alignment, double Regularization, double Pairwise);
