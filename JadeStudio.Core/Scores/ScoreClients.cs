using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace JadeStudio.Core.Scores;

/// <summary>"JadeStudio:Scores": external score services are off unless configured, so the app works offline.</summary>
public sealed class ScoreSourceOptions
{
    /// <summary>liftwing, ores, or null (no external calls).</summary>
    [AllowedValues(null, "", "liftwing", "ores", ErrorMessage = "give liftwing, ores, or nothing (no score service)")]
    public string? Source { get; set; }

    /// <summary>e.g. https://api.wikimedia.org (Lift Wing) or an ORES-compatible mirror's base address.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Optional bearer token (Lift Wing through the API gateway).</summary>
    public string? Token { get; set; }

    /// <summary>How long one attempt may take.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;
    [Range(1, 64)]
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Attempts per request, the first included (429, 503 and transient failures are tried again).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first back-off when the service names no Retry-After; it doubles with each attempt.</summary>
    [Range(0, 600)]
    public double RetryDelaySeconds { get; set; } = 2;

    /// <summary>Failures in a row (within a minute) after which the service is not asked for a while.</summary>
    [Range(1, 1000)]
    public int FailuresToOpenCircuit { get; set; } = 5;

    /// <summary>How long a request may take with all its attempts and waits (a long Retry-After is not waited out).</summary>
    [Range(1, 3600)]
    public double MaxTotalSeconds { get; set; } = 60;

    /// <summary>How long an open circuit answers "unavailable" at once, before one request tries the service again.</summary>
    [Range(1, 86400)]
    public double CircuitBreakSeconds { get; set; } = 30;

    /// <summary>
    /// Sent with every request, as Wikimedia's User-Agent policy asks; the app sets it to the wikis' own
    /// (<c>JadeStudio:WikiContent:AppName</c>, <c>AppVersion</c>, <c>ContactUrl</c>) unless given here: one operator, one way to reach them.
    /// </summary>
    public string? UserAgent { get; set; }

    public bool IsEnabled => Source is "liftwing" or "ores" && !string.IsNullOrWhiteSpace(BaseUrl);
}

/// <summary>
/// What both clients share: the concurrency limit, the User-Agent and token, and turning the resilience pipeline's
/// outcomes (see <see cref="ScoreResilience"/>, on the HttpClient) into <see cref="ScoreSourceException"/> codes.
/// </summary>
public abstract class ScoreHttpClient(HttpClient http, ScoreSourceOptions options) : IScoreSource
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentRequests));

    public abstract string Name { get; }

    public abstract Task<IReadOnlyList<ScoreResult>> FetchAsync(string wiki, string model, IReadOnlyList<long> revIds, CancellationToken cancellationToken);

    protected ScoreSourceOptions Options => options;

    /// <summary>Sends a request and returns the body of a successful answer (retries happen in the HttpClient's pipeline).</summary>
    protected async Task<string> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            using var request = build();
            if (options.UserAgent is { Length: > 0 } userAgent)
            {
                // As the wiki client does: an operator's contact address is sent as written, not parsed into product tokens.
                request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
            }
            if (options.Token is { Length: > 0 } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (Polly.Timeout.TimeoutRejectedException)
            {
                throw new ScoreSourceException("timeout", $"{Name} did not answer within {options.TimeoutSeconds} s.");
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
                throw new ScoreSourceException("unavailable", $"{Name} failed repeatedly and is not asked again for now.");
            }
            catch (HttpRequestException unreachable)
            {
                throw new ScoreSourceException("unreachable", $"{Name} cannot be reached: {unreachable.HttpRequestError}.");
            }
            using (response)
            {
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    throw new ScoreSourceException(response.StatusCode == HttpStatusCode.TooManyRequests ? "ratelimited" : "unavailable",
                        $"{Name} answered {(int)response.StatusCode} to every attempt.");
                }
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode && !body.TrimStart().StartsWith('{'))
                {
                    throw new ScoreSourceException("http" + (int)response.StatusCode, $"{Name} answered {(int)response.StatusCode}.");
                }
                return body;
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}

/// <summary>Lift Wing: one POST per revision to …/service/lw/inference/v1/models/{wiki}-{model}:predict.</summary>
public sealed class LiftWingClient(HttpClient http, ScoreSourceOptions options) : ScoreHttpClient(http, options)
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
            catch (ScoreSourceException failure) when (failure.Code is not ("timeout" or "ratelimited" or "unavailable" or "unreachable"))
            {
                // A refusal for one revision (e.g. deleted) is that revision's error, not the batch's.
                return [new ScoreResult(wiki, model, "", revId, null, null, failure.Code, failure.Message)];
            }
        }));
        return answers.SelectMany(a => a).ToList();
    }
}

/// <summary>An ORES v3 service: GET /v3/scores/{wiki}/?models=…&amp;revids=…, at most 50 revisions per request.</summary>
public sealed class OresClient(HttpClient http, ScoreSourceOptions options) : ScoreHttpClient(http, options)
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
