using System.Globalization;
using System.Text.Json;
using JadeStudio.Core.Wikis;
using Polly.RateLimiting;
using Polly.Timeout;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// The MediaWiki Action API (<c>api.php</c> under each wiki's base URL unless configured otherwise), always <c>format=json&amp;formatversion=2</c>.
/// Polite as Wikimedia asks: its own User-Agent and <c>maxlag=5</c> on background batches; the HttpClient's
/// resilience pipeline (<see cref="WikiResilience"/>) keeps to a few requests per wiki and waits for a lagged or
/// limiting wiki as long as it says. An unreachable wiki fails at once with a clear reason. Errors are switched
/// on <c>error.code</c>, never on the English <c>info</c>.
/// </summary>
public sealed class MediaWikiClient(HttpClient http, WikiCatalog wikis, WikiContentOptions options, Metrics.JadeMetrics? metrics = null) : IWikiContentSource, WikiBlocks.IWikiBlockSource, Patrol.IRecentChangesSource
{
    /// <summary>The most revision ids one request may name without <c>apihighlimits</c>.</summary>
    public const int BatchSize = 50;

    private const string RevisionProps = "ids|timestamp|user|userid|comment|size|tags|flags|sha1";

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
        var answer = await GetAsync(wiki, $"action=compare&fromrev={revId}&torelative=prev&prop=diff|ids|title|user|comment|size|timestamp&uselang=en", background: false,
            root => MediaWikiParser.Diff(wiki, revId, root.GetProperty("compare")), cancellationToken);
        return answer.Problem is { } problem ? WikiContentResult<WikiDiff>.Failed(ForRevision(problem, revId)) : answer;
    }

    public async Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(wiki, $"action=parse&oldid={revId}&prop=text|displaytitle|revid&disablelimitreport=1&disableeditsection=1", background: false, root =>
        {
            var parse = root.GetProperty("parse");
            return new WikiPageVersion(wiki, revId, parse.GetProperty("title").GetString()!, parse.GetProperty("text").GetString()!);
        }, cancellationToken);
        return answer.Problem is { } problem ? WikiContentResult<WikiPageVersion>.Failed(ForRevision(problem, revId)) : answer;
    }

    public async Task<WikiContentResult<IReadOnlyList<WikiBlocks.WikiBlock>>> BlocksAsync(string wiki, IReadOnlyList<string> userNames, CancellationToken cancellationToken)
    {
        var users = string.Join('|', userNames.Select(Uri.EscapeDataString));
        return await GetAsync(wiki, $"action=query&list=blocks&bkusers={users}&bkprop=id|user|by|timestamp|expiry|reason|flags|restrictions&bklimit=max", background: true,
            MediaWikiParser.Blocks, cancellationToken);
    }

    public async Task<WikiContentResult<IReadOnlyList<Patrol.RecentEdit>>> RecentChangesAsync(string wiki, int limit, CancellationToken cancellationToken)
    {
        return await GetAsync(wiki,
            $"action=query&list=recentchanges&rcprop=ids|title|user|timestamp|comment|sizes|flags&rctype=edit|new&rcshow=!bot&rclimit={Math.Clamp(limit, 1, 500)}",
            background: true, MediaWikiParser.RecentChanges, cancellationToken);
    }

    private async Task<WikiContentResult<WikiRevisionBatch>> QueryAsync(string wiki, long[] batch, string props, bool background, CancellationToken cancellationToken)
    {
        var ids = string.Join('|', batch.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        return await GetAsync(wiki, $"action=query&prop=revisions&revids={ids}&rvprop={props}&rvslots=main", background, root => MediaWikiParser.Revisions(wiki, root), cancellationToken);
    }

    /// <summary>
    /// Reads a successful answer. One of another shape than MediaWiki's (another service at the wiki's address, a proxy's
    /// own JSON, a field of another type) is the wiki not answering as a wiki, said as such, never a crash of the caller.
    /// </summary>
    private static WikiContentResult<T> Read<T>(JsonDocument answer, Func<JsonElement, T> read) where T : class
    {
        using (answer)
        {
            try
            {
                return WikiContentResult<T>.Of(read(answer.RootElement));
            }
            // What System.Text.Json and the parsing of numbers and times throw for a value that is not what MediaWiki sends.
            catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                return WikiContentResult<T>.Failed(new WikiContentProblem.Unavailable(NotMediaWiki));
            }
        }
    }

    /// <summary>The reason of an answer that is JSON but not MediaWiki's.</summary>
    internal const string NotMediaWiki = "malformed";

    /// <summary>The wiki's "text hidden" and "no such revision" name the revision asked for.</summary>
    private static WikiContentProblem ForRevision(WikiContentProblem problem, long revId) => problem switch
    {
        WikiContentProblem.Refused { Code: "nosuchrevid" or "missingtitle" } => new WikiContentProblem.Missing(revId),
        WikiContentProblem.Refused { Code: "missingcontent" or "permissiondenied" } => new WikiContentProblem.TextHidden(revId),
        _ => problem,
    };

    /// <summary>
    /// One request and its answer read. Waiting out a busy wiki and the per-wiki request limit are the HttpClient's
    /// resilience pipeline (<see cref="WikiResilience"/>); what still fails here is said as a problem, switched on the API's
    /// error code, and counted by its outcome (an answer that is not MediaWiki's as unavailable, not as ok).
    /// </summary>
    private async Task<WikiContentResult<T>> GetAsync<T>(string wiki, string query, bool background, Func<JsonElement, T> read, CancellationToken cancellationToken)
        where T : class
    {
        var sent = await SendAsync(wiki, query, background, cancellationToken);
        var result = sent.Problem is { } problem ? WikiContentResult<T>.Failed(problem) : Read(sent.Value!, read);
        metrics?.WikiRequest(wiki, result.Problem switch
        {
            null => "ok",
            WikiContentProblem.Unavailable => "unavailable",
            _ => "refused",
        });
        return result;
    }

    private async Task<WikiContentResult<JsonDocument>> SendAsync(string wiki, string query, bool background, CancellationToken cancellationToken)
    {
        if (wikis.Find(wiki) is not { } site)
        {
            return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Refused("unknownwiki", wiki));
        }
        var uri = new Uri($"{site.Api}?{query}&format=json&formatversion=2{(background ? "&maxlag=5" : "")}");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (WikiResilience.AsksToComeBackLater(response) && !response.IsSuccessStatusCode)
            {
                return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Unavailable(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
            }
            if (!response.IsSuccessStatusCode)
            {
                return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Refused("http" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), response.ReasonPhrase ?? ""));
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Unavailable(NotMediaWiki));
            }
            if (!document.RootElement.TryGetProperty("error", out var error))
            {
                return WikiContentResult<JsonDocument>.Of(document);
            }
            var code = MediaWikiParser.Text(error, "code") ?? "";
            var info = MediaWikiParser.Text(error, "info") ?? "";
            document.Dispose();
            // Still lagged or limited after the retries (or asking for a longer wait than we make): worth trying later.
            return WikiContentResult<JsonDocument>.Failed(code is "maxlag" or "ratelimited" or "concurrency-limit"
                ? new WikiContentProblem.Unavailable(code)
                : new WikiContentProblem.Refused(code, info));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TimeoutRejectedException or RateLimiterRejectedException)
        {
            return WikiContentResult<JsonDocument>.Failed(new WikiContentProblem.Unavailable(exception switch
            {
                TimeoutRejectedException => "timeout",
                RateLimiterRejectedException => "busy",
                _ => exception.GetType().Name,
            }));
        }
    }
}
