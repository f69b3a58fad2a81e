using Polly;
using Polly.Retry;

namespace JadeStudio.Core.Storage;

/// <summary>The retry of work that must wait for the database to be reachable again (a restart, a network fault).</summary>
public static class DatabaseRetries
{
    /// <summary>
    /// Tried again for as long as the node runs: 1 s first, then longer (exponential, with jitter so that nodes do not
    /// try all at once), at most 30 s between tries. <paramref name="handles"/> says which failures are worth waiting out.
    /// </summary>
    public static ResiliencePipeline UntilReachable(Func<Exception, bool> handles, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle(handles),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(30),
            MaxRetryAttempts = int.MaxValue,
            OnRetry = onRetry,
        }).Build();
}
