using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace JadeStudio.Core.Scores;

/// <summary>"JadeStudio:Scores": external score services are off unless configured, so the app works offline.</summary>
public sealed class ScoreSourceOptions
{
    /// <summary>liftwing, ores, or null (no external calls).</summary>
    public string? Source { get; set; }

    /// <summary>e.g. https://api.wikimedia.org (Lift Wing) or an ORES-compatible mirror's base address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Optional bearer token (Lift Wing through the API gateway).</summary>
    public string? Token { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
    public int MaxConcurrentRequests { get; set; } = 4;
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Longest wait honoured from Retry-After before giving up on a request.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 30;

    public string UserAgent { get; set; } = "JadeStudio (judgments and scores; https://github.com/)";

    public bool IsEnabled => Source is "liftwing" or "ores" && !string.IsNullOrWhiteSpace(BaseUrl);
}

/// <summary>What both clients share: the concurrency limit, timeouts, and backoff on 429/503 that honours Retry-After.</summary>
public abstract class ScoreHttpClient(HttpClient http, ScoreSourceOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) : IScoreSource
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentRequests));
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;

    public abstract string Name { get; }

    public abstract Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken);

    protected ScoreSourceOptions Options => options;

    /// <summary>Sends a request (built fresh for each attempt) and returns the body of the first successful answer.</summary>
    protected async Task<string> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
                using var request = build();
                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                if (options.Token is { Length: > 0 } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ScoreSourceException("timeout", $"{Name} did not answer within {options.TimeoutSeconds} s.");
                }
                using (response)
                {
                    if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                    {
                        var wait = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                        if (attempt >= options.MaxAttempts || wait > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
                        {
                            throw new ScoreSourceException(response.StatusCode == HttpStatusCode.TooManyRequests ? "ratelimited" : "unavailable",
                                $"{Name} answered {(int)response.StatusCode} {attempt} times.");
                        }
                        await _delay(wait, cancellationToken);
                        continue;
                    }
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode && !body.TrimStart().StartsWith('{'))
                    {
                        throw new ScoreSourceException("http" + (int)response.StatusCode, $"{Name} answered {(int)response.StatusCode}.");
                    }
                    return body;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta
        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
}

/// <summary>Lift Wing: one POST per revision to …/service/lw/inference/v1/models/{wiki}-{model}:predict.</summary>
public sealed class LiftWingClient(HttpClient http, ScoreSourceOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) : ScoreHttpClient(http, options, delay)
{
    public override string Name => "liftwing";

    public override async Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken)
    {
        var url = $"{Options.BaseUrl!.TrimEnd('/')}/service/lw/inference/v1/models/{Uri.EscapeDataString(wiki)}-{Uri.EscapeDataString(model)}:predict";
        var answers = await Task.WhenAll(revIds.Select(async revId =>
        {
            try
            {
                var body = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent($"{{\"rev_id\": {revId.ToString(CultureInfo.InvariantCulture)}}}", Encoding.UTF8, "application/json"),
                }, cancellationToken);
                return OresResponse.Parse(body);
            }
            catch (ScoreSourceException failure) when (failure.Code is not ("timeout" or "ratelimited" or "unavailable"))
            {
                // A refusal for one revision (e.g. deleted) is that revision's error, not the batch's.
                return [new ScoreResult(wiki, model, "", revId, null, null, failure.Code, failure.Message)];
            }
        }));
        return answers.SelectMany(a => a).ToList();
    }
}

/// <summary>An ORES v3 service: GET /v3/scores/{wiki}/?models=…&amp;revids=…, at most 50 revisions per request.</summary>
public sealed class OresClient(HttpClient http, ScoreSourceOptions options, Func<TimeSpan, CancellationToken, Task>? delay = null) : ScoreHttpClient(http, options, delay)
{
    public const int MaxRevIdsPerRequest = 50;

    public override string Name => "ores";

    public override async Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken)
    {
        var results = new List<ScoreResult>();
        foreach (var chunk in revIds.Chunk(MaxRevIdsPerRequest))
        {
            var url = $"{Options.BaseUrl!.TrimEnd('/')}/v3/scores/{Uri.EscapeDataString(wiki)}/?models={Uri.EscapeDataString(model)}&revids={string.Join("%7C", chunk)}";
            results.AddRange(OresResponse.Parse(await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken)));
        }
        return results;
    }
}
