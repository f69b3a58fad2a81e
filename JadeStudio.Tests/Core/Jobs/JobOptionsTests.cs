using JadeStudio.Core.Jobs;

namespace JadeStudio.Tests.Core.Jobs;

public sealed class JobOptionsTests
{
    [Theory]
    [InlineData(5, 5)]
    [InlineData(0, 0)]
    [InlineData(-3, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(double.PositiveInfinity, 3600)]
    [InlineData(1e12, 3600)]
    public void The_scheduler_waits_the_start_delay_given_never_less_than_nothing_nor_more_than_an_hour(double seconds, double waited)
    {
        Assert.Equal(TimeSpan.FromSeconds(waited), new JobOptions { StartDelaySeconds = seconds }.StartDelay);
    }
}
