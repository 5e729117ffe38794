namespace AdaFtr.Integration.Tests;

/// <summary>The failover scenarios with membership, job records and reminders in the Redis that <c>cluster up</c> starts.</summary>
[Trait("Category", "Failover")]
[Collection(ProcessCollection.Name)]
public sealed class RedisFailoverTests() : FailoverTests(new RedisClusterBackend());

/// <summary>The same scenarios with all of it in Azure Table storage (an Azurite table service per test).</summary>
[Trait("Category", "Failover")]
[Collection(ProcessCollection.Name)]
public sealed class AzureTableFailoverTests() : FailoverTests(new AzureTableClusterBackend());
