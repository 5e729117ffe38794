using AdaFtr.Coordinator.Training;

namespace AdaFtr.Coordinator.Tests.Training;

[Trait("Category", "Cli")]
public sealed class LostContactTests
{
    [Fact]
    public void What_a_silo_dying_under_a_call_throws_is_lost_contact()
    {
        LostContact.Is(new TimeoutException()).Should().BeTrue();
        LostContact.Is(new OrleansException("connection refused")).Should().BeTrue();
        LostContact.Is(new Orleans.Runtime.Messaging.ConnectionFailedException("gone")).Should().BeTrue();
        LostContact.Is(new OperationCanceledException(), CancellationToken.None).Should().BeTrue("Orleans cancels its own directory lookup while a silo is declared dead");
    }

    [Fact]
    public void A_cancellation_the_caller_asked_for_and_other_errors_are_not()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        LostContact.Is(new OperationCanceledException(stop.Token), stop.Token).Should().BeFalse();
        LostContact.Is(new InvalidOperationException("a bug")).Should().BeFalse();
    }
}
