using System.Net;
using JadeStudio.Core.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace JadeStudio.Core.Scores;

/// <summary>
/// How score requests survive a service under load, by Microsoft.Extensions.Http.Resilience (Polly): retries on
/// 429, 503 and transient failures that wait as long as Retry-After asks (else an exponential back-off), a
/// timeout per attempt, and a circuit breaker so that a service failing again and again is not waited for.
/// </summary>
public static class ScoreResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ScoreSourceOptions options, Func<TimeSpan, ValueTask>? onRetry = null)
    {
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.MaxTotalSeconds));
        pipeline.AddRetry(HttpRetries.WaitingAsAsked(options.MaxAttempts, options.RetryDelaySeconds, outcome => outcome switch
        {
            { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => true,
            { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
            _ => false,
        }, onRetry));
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 1.0,
            MinimumThroughput = Math.Max(2, options.FailuresToOpenCircuit),
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromSeconds(Math.Max(0.5, options.CircuitBreakSeconds)),
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }
}
