using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// The MediaWiki Action API (<c>api.php</c> under each wiki's base URL unless configured otherwise), always <c>format=json&amp;formatversion=2</c>.
/// Polite as Wikimedia asks: its own User-Agent, a few requests per wiki at a time, <c>maxlag=5</c> on background
/// batches, and a lagged or limiting wiki is waited for as long as it says (<c>Retry-After</c>), a few times;
/// an unreachable wiki fails at once with a clear reason. Written by hand rather than on the resilience
/// pipeline the score clients use: lag and limits come back as HTTP 200 with an error code in the body.
/// Errors are switched on <c>error.code</c>, never on the English <c>info</c>.
/// </summary>
public sealed class MediaWikiClient(HttpClient http, WikiCatalog wikis, WikiContentOptions options, Func<TimeSpan, CancellationToken, Task>? wait = null)
    : IWikiContentSource
{
    /// <summary>The most revision ids one request may name without <c>apihighlimits</c>.</summary>
    public const int BatchSize = 50;

    private const string RevisionProps = "ids|timestamp|user|userid|comment|size|tags|flags|sha1";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);
    private readonly Func<TimeSpan, CancellationToken, Task> _wait = wait ?? Task.Delay;

    public async Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken)
    {
        var revisions = new List<WikiRevision>();
        var missing = new List<long>();
        foreach (var batch in revIds.Distinct().Chunk(BatchSize))
        {
            var answer = await QueryAsync(wiki, batch, RevisionProps, background, cancellationToken);
            if (answer.Problem is { } problem)
            {
                return WikiContentResult<WikiRevisionBatch>.Failed(problem);
            }
            revisions.AddRange(answer.Value!.Revisions);
            missing.AddRange(answer.Value.Missing);
        }

        // The size change needs each parent's size: parents not among the revisions are asked for their size only.
        var sizes = revisions.ToDictionary(r => r.RevId, r => r.Size);
        foreach (var batch in revisions.Where(r => r.ParentId != 0 && !sizes.ContainsKey(r.ParentId)).Select(r => r.ParentId).Distinct().Chunk(BatchSize))
        {
            var parents = await QueryAsync(wiki, batch, "ids|size", background, cancellationToken);
            if (parents.Problem is { } problem)
            {
                return WikiContentResult<WikiRevisionBatch>.Failed(problem);
            }
            foreach (var parent in parents.Value!.Revisions)
            {
                sizes[parent.RevId] = parent.Size;
            }
        }
        var complete = revisions.Select(r => r with { ParentSize = r.ParentId != 0 && sizes.TryGetValue(r.ParentId, out var size) ? size : null }).ToList();
        return WikiContentResult<WikiRevisionBatch>.Of(new WikiRevisionBatch(complete, missing));
    }

    public async Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken)
    {
        // uselang=en: line-number rows say "Line n:" whatever the wiki's language, so they can be read and re-labelled.
        var answer = await GetAsync(wiki, $"action=compare&fromrev={revId}&torelative=prev&prop=diff|ids|title|user|comment|size|timestamp&uselang=en", background: false, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return WikiContentResult<WikiDiff>.Failed(ForRevision(problem, revId));
        }
        using var json = answer.Value!;
        return WikiContentResult<WikiDiff>.Of(MediaWikiParser.Diff(wiki, revId, json.RootElement.GetProperty("compare")));
    }

    public async Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(wiki, $"action=parse&oldid={revId}&prop=text|displaytitle|revid&disablelimitreport=1&disableeditsection=1", background: false, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return WikiContentResult<WikiPageVersion>.Failed(ForRevision(problem, revId));
        }
        using var json = answer.Value!;
        var parse = json.RootElement.GetProperty("parse");
        return WikiContentResult<WikiPageVersion>.Of(new WikiPageVersion(wiki, revId, parse.GetProperty("title").GetString()!, parse.GetProperty("text").GetString()!));
    }

    private async Task<WikiContentResult<WikiRevisionBatch>> QueryAsync(string wiki, long[] batch, string props, bool background, CancellationToken cancellationToken)
    {
        var ids = string.Join('|', batch.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var answer = await GetAsync(wiki, $"action=query&prop=revisions&revids={ids}&rvprop={props}&rvslots=main", background, cancellationToken);
        if (answer.Problem is { } problem)
        {
            return WikiContentResult<WikiRevisionBatch>.Failed(problem);
        }
        using var json = answer.Value!;
        return WikiContentResult<WikiRevisionBatch>.Of(MediaWikiParser.Revisions(wiki, json.RootElement));
    }

    /// <summary>The wiki's "text hidden" and "no such revision" name the revision asked for.</summary>
    private static WikiContentProblem ForRevision(WikiContentProblem problem, long revId) => problem switch
    {
        WikiContentProblem.Refused { Code: "nosuchrevid" or "missingtitle" } => new WikiContentProblem.Missing(revId),
        WikiContentProblem.Refused { Code: "missingcontent" or "permissiondenied" } => new WikiContentProblem.TextHidden(revId),
        _ => problem,
    };

    /// <summary>One request with its retries: HTTP 429/503 and the API's <c>maxlag</c>/<c>ratelimited</c> wait and try again.</summary>
    private async Task<WikiContentResult<JsonDocument>> GetAsync(string wiki, string query, bool background, CancellationToken cancellationToken)
    {
        if (wikis.Find(wiki) is not { } site)
        {
            return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Refused("unknownwiki", wiki));
        }
        var uri = new Uri($"{site.Api}?{query}&format=json&formatversion=2{(background ? "&maxlag=5" : "")}");
        var slots = _slots.GetOrAdd(wiki, _ => new SemaphoreSlim(Math.Max(1, options.MaxConcurrentPerWiki)));
        var attempts = Math.Max(1, options.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            var (document, retryAfter, problem) = await SendOnceAsync(uri, slots, cancellationToken);
            if (problem is null)
            {
                return WikiContentResult<JsonDocument>.Of(document!);
            }
            // A wiki that answers "later" is waited for; one that does not answer at all (offline, timeout) fails at once.
            var transient = problem is WikiContentProblem.Unavailable { Reason: "429" or "502" or "503" or "504" }
                || problem is WikiContentProblem.Refused { Code: "maxlag" or "ratelimited" or "concurrency-limit" };
            var delay = retryAfter ?? TimeSpan.FromSeconds(options.RetryDelaySeconds * Math.Pow(2, attempt - 1));
            if (!transient || attempt >= attempts || delay > TimeSpan.FromSeconds(options.MaxRetryAfterSeconds))
            {
                return WikiContentResult<JsonDocument>.Failed(transient && problem is WikiContentProblem.Refused refused
                    ? new WikiContentProblem.Unavailable(refused.Code)
                    : problem);
            }
            await _wait(delay, cancellationToken);
        }
    }

    private async Task<(JsonDocument? Document, TimeSpan? RetryAfter, WikiContentProblem? Problem)> SendOnceAsync(Uri uri, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var retryAfter = RetryAfter(response);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout)
            {
                return (null, retryAfter, new WikiContentProblem.Unavailable(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
            }
            if (!response.IsSuccessStatusCode)
            {
                return (null, null, new WikiContentProblem.Refused("http" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), response.ReasonPhrase ?? ""));
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var document = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                var problem = new WikiContentProblem.Refused(error.GetProperty("code").GetString() ?? "", error.TryGetProperty("info", out var info) ? info.GetString() ?? "" : "");
                document.Dispose();
                return (null, retryAfter, problem);
            }
            return (document, null, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, null, new WikiContentProblem.Unavailable(exception is OperationCanceledException ? "timeout" : exception.GetType().Name));
        }
        finally
        {
            slots.Release();
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
