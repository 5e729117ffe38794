using AdaFtr.Coordinator.Training;
using AdaFtr.Grains;
using AdaFtr.Model.Configuration;
using AdaFtr.Shards.Format;
using AdaFtr.Shards.Readers;
using AdaFtr.Shards.Stores;

namespace AdaFtr.Coordinator.Tests.Reports;

/// <summary>
/// One small job run to completion in an embedded silo on the bundled sample (2 workers, 2 PS shards,
/// 12 steps, evaluated and checkpointed every 4 steps, the newest 2 checkpoints kept), and its final status.
/// </summary>
public sealed class FinishedJob : IAsyncLifetime
{
    public const string Job = "reported";
    public const long Steps = 12, Every = 4;

    public string Folder { get; } = Directory.CreateTempSubdirectory("adaftr-report-").FullName;
    public string Store => Path.Combine(Folder, "checkpoints");
    public string EvalData => Path.Combine(Folder, "eval");
    public JobStatus Status { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        string Bundled(string file) => Path.Combine(AppContext.BaseDirectory, "data", "ali-ccp", file);
        var (train, validation) = (Bundled("ali_ccp_train_sample.csv"), Bundled("ali_ccp_val_sample.csv"));
        var vocabulary = AliCcpCsvReader.Read(train).VocabularySizes().Zip(AliCcpCsvReader.Read(validation).VocabularySizes(), Math.Max).ToArray();
        var config = new ModelConfig
        {
            Schema = AliCcpCsvReader.Schema(train, vocabulary),
            Training = new TrainingConfig { BatchSize = 32, MicroBatches = 2, Seed = 5 },
        };
        var data = Path.Combine(Folder, "train");
        ShardSetWriter.Write(AliCcpCsvReader.Open(train), ShardStores.Open(data, forWriting: true), new ShardWriteOptions(Shards: 2));
        ShardSetWriter.Write(AliCcpCsvReader.Open(validation), ShardStores.Open(EvalData, forWriting: true), new ShardWriteOptions(Shards: 2));
        var spec = new JobSpec
        {
            JobId = Job,
            ModelConfigJson = ModelConfigJson.Serialize(config),
            ShardDirectory = data,
            Workers = 2,
            ParameterShards = 2,
            Steps = Steps,
            BatchPerWorker = 16,
            CheckpointStore = Store,
            CheckpointEverySteps = Every,
            CheckpointKeepLast = 2,
            EvalShardDirectory = EvalData,
            EvalEverySteps = Every,
        };
        await using var silo = await EmbeddedSilo.StartAsync("cpu", CancellationToken.None);
        var job = silo.Grains.GetGrain<ITrainingJobGrain>(Job);
        await job.StartAsync(spec);
        Status = await JobWatch.UntilAsync(job, s => s.IsFinished, "the job to finish");
        if (Status.State != JobState.Completed) throw new InvalidOperationException($"job {Job} {Status.State}: {Status.Message}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
