using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace JadeStudio.Core.Http;

/// <summary>The retry both outside services get (score services and wikis): what differs is only which answers are worth another try.</summary>
public static class HttpRetries
{
    /// <summary>
    /// Up to <paramref name="maxAttempts"/> attempts in all; between them the wait a <c>Retry-After</c> header asks
    /// for, else an exponential back-off from <paramref name="delaySeconds"/>, without jitter (tests record the waits).
    /// </summary>
    public static HttpRetryStrategyOptions WaitingAsAsked(int maxAttempts, double delaySeconds, Func<Outcome<HttpResponseMessage>, bool> shouldRetry,
        Func<TimeSpan, ValueTask>? onRetry) => new()
        {
            MaxRetryAttempts = Math.Max(0, maxAttempts - 1),
            ShouldRetryAfterHeader = true,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            Delay = TimeSpan.FromSeconds(delaySeconds),
            ShouldHandle = arguments => ValueTask.FromResult(shouldRetry(arguments.Outcome)),
            OnRetry = arguments => onRetry?.Invoke(arguments.RetryDelay) ?? ValueTask.CompletedTask,
        };
}
