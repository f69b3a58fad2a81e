using System.Net;
using JadeStudio.Core.Http;
using Polly;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// How requests to a wiki stay polite and survive a busy wiki, by Microsoft.Extensions.Http.Resilience (Polly), one
/// pipeline per wiki host: at most <see cref="WikiContentOptions.MaxConcurrentPerWiki"/> requests at a time, a
/// timeout per attempt, and a retry when the wiki asks to come back later — HTTP 429/502/503/504, or the Action
/// API's <c>maxlag</c>, <c>ratelimited</c> and <c>concurrency-limit</c>, which come as HTTP 200 and are named in the
/// <c>MediaWiki-API-Error</c> header — waiting as long as <c>Retry-After</c> says (else an exponential back-off).
/// A wait longer than <see cref="WikiContentOptions.MaxRetryAfterSeconds"/> is not made: the answer is "unavailable".
/// A wiki that cannot be reached at all is not retried, so offline fails at once.
/// </summary>
public static class WikiResilience
{
    public const string ErrorHeader = "MediaWiki-API-Error";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WikiContentOptions options, Func<TimeSpan, ValueTask>? onRetry = null)
    {
        pipeline.AddRetry(HttpRetries.WaitingAsAsked(options.MaxAttempts, options.RetryDelaySeconds,
            outcome => outcome.Result is { } response && AsksToComeBackLater(response) && !(RetryAfter(response) > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds)),
            onRetry));
        // Inside the retry: a request waiting to come back later holds no slot.
        pipeline.AddConcurrencyLimiter(Math.Max(1, options.MaxConcurrentPerWiki), queueLimit: 10_000);
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
    }

    /// <summary>The wiki is busy, lagged or limiting us: the same request may succeed later.</summary>
    public static bool AsksToComeBackLater(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
        || (response.Headers.TryGetValues(ErrorHeader, out var codes) && codes.Any(code => code is "maxlag" or "ratelimited" or "concurrency-limit"));

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
