namespace AdaFtr.Grains.Jobs;

/// <summary>The grain storage that holds job records and the job registry.</summary>
public static class JobStateStorage
{
    public const string Name = "adaftr-jobs";
}
