using System.Net;
using System.Text;
using System.Web;
using JadeStudio.Core.WikiContent;
using JadeStudio.Core.Wikis;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.WikiContent;

/// <summary>The MediaWiki client against the recorded wire formats in shared/fixtures/mediawiki (no network).</summary>
public class MediaWikiClientTests
{
    private static readonly string Fixtures = RepositoryPaths.Fixture("mediawiki");

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    /// <summary>A wiki that answers from a script: each request is recorded, each answer chosen by the test.</summary>
    private sealed class FakeWiki(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(answer(request));
        }
    }

    /// <summary>An answer as the Action API gives it: an error's code is also in the <c>MediaWiki-API-Error</c> header.</summary>
    private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK, int? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using (var document = System.Text.Json.JsonDocument.Parse(body))
        {
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                response.Headers.Add(WikiResilience.ErrorHeader, error.GetProperty("code").GetString());
            }
        }
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }
        return response;
    }

    private static string Param(HttpRequestMessage request, string name) => HttpUtility.ParseQueryString(request.RequestUri!.Query)[name] ?? "";

    /// <summary>
    /// The client over the app's own resilience pipeline and a scripted wiki. The waits are real, so the tests'
    /// wikis ask for short ones (Retry-After: 1; back-off from 50 ms); each wait is recorded.
    /// </summary>
    private static (MediaWikiClient Client, FakeWiki Wiki, List<TimeSpan> Waits) Client(Func<HttpRequestMessage, HttpResponseMessage> answer, WikiContentOptions? options = null)
    {
        var wiki = new FakeWiki(answer);
        var waits = new List<TimeSpan>();
        options ??= new WikiContentOptions { RetryDelaySeconds = 0.05 };
        var pipeline = new Polly.ResiliencePipelineBuilder<HttpResponseMessage>();
        WikiResilience.Configure(pipeline, options, delay =>
        {
            lock (waits)
            {
                waits.Add(delay);
            }
            return ValueTask.CompletedTask;
        });
        var http = new HttpClient(new Microsoft.Extensions.Http.Resilience.ResilienceHandler(pipeline.Build()) { InnerHandler = wiki });
        return (new MediaWikiClient(http, new WikiCatalog(WikiCatalog.Defaults), options), wiki, waits);
    }

    /// <summary>Sizes of the parents, as <c>rvprop=ids|size</c> returns them.</summary>
    private static string Sizes(IEnumerable<long> ids) =>
        "{\"batchcomplete\":true,\"query\":{\"pages\":[{\"pageid\":1,\"ns\":0,\"title\":\"P\",\"revisions\":["
        + string.Join(',', ids.Select(id => $"{{\"revid\":{id},\"parentid\":0,\"size\":{id % 1000}}}")) + "]}]}}";

    private static HttpResponseMessage RevisionsFixture(HttpRequestMessage request) =>
        Param(request, "rvprop") == "ids|size" ? Json(Sizes(Param(request, "revids").Split('|').Select(long.Parse))) : Json(Fixture("query-revisions.json"));

    [Fact]
    public async Task Revision_metadata_parses_with_hidden_parts_left_out_missing_ids_named_and_the_size_change()
    {
        var (client, wiki, _) = Client(RevisionsFixture);

        var result = await client.RevisionsAsync("cswiki", [13298207, 13331581, 13330049, 13408927, 999999999], background: false, CancellationToken.None);

        var batch = Assert.IsType<WikiRevisionBatch>(result.Value);
        Assert.Equal([999999999L], batch.Missing);
        var edit = batch.Revisions.Single(r => r.RevId == 13331581);
        Assert.Equal(("Karlův most", "Ukázkový editor", 312470L, "/* Popis */ doplnění, oprava tvaru"), (edit.Title, edit.User, edit.UserId!.Value, edit.Comment));
        // Its parent 13298207 is in the same answer: 1,312 − 1,119 bytes.
        Assert.Equal(193, edit.SizeChange);
        var ip = batch.Revisions.Single(r => r.RevId == 13330049);
        Assert.True(ip.Anonymous);
        Assert.Equal(["mobile edit", "mobile web edit"], ip.Tags);
        var suppressed = batch.Revisions.Single(r => r.RevId == 13408927);
        Assert.Null(suppressed.User);
        Assert.Null(suppressed.UserId);
        Assert.Null(suppressed.Comment);
        Assert.Equal(new WikiHiding(User: true, Comment: true, Text: true, Suppressed: true), suppressed.Hidden);
        // Parents not in the answer were asked for their size only.
        var sizes = wiki.Requests.Where(r => Param(r, "rvprop") == "ids|size").ToList();
        Assert.Contains("13407811", Param(Assert.Single(sizes), "revids"), StringComparison.Ordinal);
        Assert.Equal(13407811 % 1000, suppressed.ParentSize);
    }

    [Fact]
    public async Task Every_request_is_counted_by_wiki_and_outcome()
    {
        using var metrics = new JadeStudio.Core.Metrics.JadeMetrics();
        var counted = new List<(string Wiki, string Outcome)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "jadestudio.wiki.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var byName = tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!);
            counted.Add((byName["wiki"], byName["outcome"]));
        });
        listener.Start();
        var wiki = new FakeWiki(request => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            // Revision 4 answers JSON that is not MediaWiki's: unavailable, not ok.
            Content = new StringContent(Param(request, "fromrev") == "4" ? """{"batchcomplete": true}""" : """{"error":{"code":"nosuchrevid","info":"No such revision."}}"""),
        });
        var client = new MediaWikiClient(new HttpClient(wiki), new WikiCatalog(WikiCatalog.Defaults), new WikiContentOptions(), metrics);

        await client.DiffAsync("enwiki", 2, CancellationToken.None);
        await client.DiffAsync("cswiki", 3, CancellationToken.None);
        await client.DiffAsync("enwiki", 4, CancellationToken.None);

        Assert.Equal([("enwiki", "refused"), ("cswiki", "refused"), ("enwiki", "unavailable")], counted);
    }

    [Fact]
    public async Task A_wiki_whose_api_is_configured_elsewhere_is_asked_there()
    {
        var wiki = new FakeWiki(RevisionsFixture);
        var wikis = new WikiCatalog([new Wiki { Id = "cswiki", Language = "cs", BaseUrl = "https://wiki.example.org", ApiUrl = "https://wiki.example.org/mediawiki/api.php" }]);
        var client = new MediaWikiClient(new HttpClient(wiki), wikis, new WikiContentOptions());

        await client.RevisionsAsync("cswiki", [13331581], background: false, CancellationToken.None);

        Assert.All(wiki.Requests, r => Assert.Equal("https://wiki.example.org/mediawiki/api.php", r.RequestUri!.GetLeftPart(UriPartial.Path)));
    }

    [Fact]
    public async Task Every_request_says_who_asks_uses_formatversion_2_and_only_background_batches_yield_to_lag()
    {
        var (client, wiki, _) = Client(RevisionsFixture, new WikiContentOptions { AppName = "JadeStudio", AppVersion = "9.9", ContactUrl = "https://example.org/jade" });

        await client.RevisionsAsync("cswiki", [13331581], background: true, CancellationToken.None);
        await client.RevisionsAsync("cswiki", [13331581], background: false, CancellationToken.None);

        Assert.All(wiki.Requests, r => Assert.StartsWith("JadeStudio/9.9 (https://example.org/jade) .NET/", r.Headers.UserAgent.ToString(), StringComparison.Ordinal));
        Assert.All(wiki.Requests, r => Assert.Equal(("json", "2"), (Param(r, "format"), Param(r, "formatversion"))));
        Assert.All(wiki.Requests, r => Assert.Equal("https://cs.wikipedia.org/w/api.php", r.RequestUri!.GetLeftPart(UriPartial.Path)));
        Assert.Equal("5", Param(wiki.Requests[0], "maxlag"));
        Assert.Equal("", Param(wiki.Requests[^1], "maxlag"));
    }

    /// <summary>A wiki that holds every request until released, counting how many it holds at once.</summary>
    private sealed class HoldingWiki : HttpMessageHandler
    {
        private int _inFlight;
        public int MostAtOnce;
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource TwoHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref MostAtOnce, now);
            if (now >= 2)
            {
                TwoHeld.TrySetResult();
            }
            await Release.Task;
            Interlocked.Decrement(ref _inFlight);
            return Json(Fixture("compare-prev.json"));
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = target; value > seen; seen = target)
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }

    [Fact]
    public async Task No_more_requests_than_the_limit_reach_one_wiki_at_a_time()
    {
        var wiki = new HoldingWiki();
        var options = new WikiContentOptions { MaxConcurrentPerWiki = 2 };
        var pipeline = new Polly.ResiliencePipelineBuilder<HttpResponseMessage>();
        WikiResilience.Configure(pipeline, options);
        var client = new MediaWikiClient(new HttpClient(new Microsoft.Extensions.Http.Resilience.ResilienceHandler(pipeline.Build()) { InnerHandler = wiki }),
            new WikiCatalog(WikiCatalog.Defaults), options);

        var diffs = Enumerable.Range(0, 6).Select(i => client.DiffAsync("cswiki", 13331581 + i, CancellationToken.None)).ToList();
        await wiki.TwoHeld.Task;
        wiki.Release.SetResult();
        var results = await Task.WhenAll(diffs);

        Assert.All(results, r => Assert.NotNull(r.Value));
        Assert.Equal(2, wiki.MostAtOnce);
    }

    [Fact]
    public async Task A_hundred_and_twenty_ids_are_asked_in_three_batches_of_at_most_fifty()
    {
        var (client, wiki, _) = Client(request => Json(Sizes(Param(request, "revids").Split('|').Select(long.Parse))));

        var result = await client.RevisionsAsync("enwiki", Enumerable.Range(1, 120).Select(i => 5_000_000L + i).ToList(), background: true, CancellationToken.None);

        Assert.Equal(120, result.Value!.Revisions.Count);
        var batches = wiki.Requests.Where(r => Param(r, "rvprop").Contains("comment", StringComparison.Ordinal)).Select(r => Param(r, "revids").Split('|').Length).ToList();
        Assert.Equal([50, 50, 20], batches);
    }

    [Fact]
    public async Task A_lagged_wiki_is_asked_again_after_the_wait_it_advertises()
    {
        var calls = 0;
        var (client, wiki, waits) = Client(request => ++calls == 1 ? Json(Fixture("error-maxlag.json"), retryAfter: 1) : RevisionsFixture(request));

        var result = await client.RevisionsAsync("cswiki", [13331581], background: true, CancellationToken.None);

        Assert.NotNull(result.Value);
        Assert.Equal([TimeSpan.FromSeconds(1)], waits);
        Assert.Equal(wiki.Requests[0].RequestUri, wiki.Requests[1].RequestUri);
    }

    [Fact]
    public async Task Rate_limits_back_off_exponentially_and_an_HTTP_429_waits_its_Retry_After()
    {
        var calls = 0;
        var (client, _, waits) = Client(request => ++calls switch
        {
            1 or 2 => Json(Fixture("error-ratelimited.json")),
            3 => Json("{}", HttpStatusCode.TooManyRequests, retryAfter: 1),
            _ => RevisionsFixture(request),
        });

        var result = await client.RevisionsAsync("cswiki", [13331581], background: false, CancellationToken.None);

        Assert.NotNull(result.Value);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)], waits);
    }

    [Fact]
    public async Task A_wiki_that_keeps_lagging_or_is_unreachable_gives_a_clear_unavailable_and_offline_fails_at_once()
    {
        var (lagging, _, lagWaits) = Client(_ => Json(Fixture("error-maxlag.json"), retryAfter: 1));
        var lagged = await lagging.RevisionsAsync("cswiki", [13331581], background: true, CancellationToken.None);
        Assert.Equal(new WikiContentProblem.Unavailable("maxlag"), lagged.Problem);
        Assert.Equal(3, lagWaits.Count);

        // A wiki asking for a longer wait than we make is not waited for.
        var (slow, slowWiki, slowWaits) = Client(_ => Json("{}", HttpStatusCode.ServiceUnavailable, retryAfter: 120));
        Assert.Equal(new WikiContentProblem.Unavailable("503"), (await slow.DiffAsync("cswiki", 13331581, CancellationToken.None)).Problem);
        Assert.Single(slowWiki.Requests);
        Assert.Empty(slowWaits);

        var (offline, wiki, offlineWaits) = Client(_ => throw new HttpRequestException("Connection refused"));
        var unreachable = await offline.DiffAsync("cswiki", 13331581, CancellationToken.None);
        Assert.IsType<WikiContentProblem.Unavailable>(unreachable.Problem);
        Assert.Single(wiki.Requests);
        Assert.Empty(offlineWaits);
    }

    [Theory]
    [InlineData("diff", "[]")]
    [InlineData("diff", """{"batchcomplete": true}""")]
    [InlineData("diff", """{"compare": {"fromrevid": 1.5, "body": ""}}""")]
    [InlineData("page", """{"parse": {"title": 5, "text": "<p>x</p>"}}""")]
    [InlineData("revisions", """{"query": {"pages": [{"pageid": 1, "ns": 0, "title": "P", "revisions": [{"parentid": 0}]}]}}""")]
    [InlineData("revisions", """{"query": {"badrevids": {"abc": {}}}}""")]
    [InlineData("blocks", """{"query": {"blocks": {"id": 1}}}""")]
    [InlineData("recentchanges", """{"query": {"recentchanges": [{"rcid": 1, "revid": 2, "title": "P"}]}}""")]
    public async Task An_answer_that_is_json_but_not_mediawikis_is_the_wiki_unavailable_not_a_crash(string ask, string body)
    {
        // Another service at the wiki's address, a proxy's own JSON, a field of another type.
        var (client, _, _) = Client(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        var problem = ask switch
        {
            "diff" => (await client.DiffAsync("cswiki", 13331581, CancellationToken.None)).Problem,
            "page" => (await client.PageAsync("cswiki", 13331581, CancellationToken.None)).Problem,
            "revisions" => (await client.RevisionsAsync("cswiki", [13331581], background: false, CancellationToken.None)).Problem,
            "blocks" => (await client.BlocksAsync("cswiki", ["Someone"], CancellationToken.None)).Problem,
            _ => (await client.RecentChangesAsync("cswiki", 10, CancellationToken.None)).Problem,
        };

        Assert.Equal(new WikiContentProblem.Unavailable("malformed"), problem);
    }

    [Fact]
    public async Task The_diff_of_an_edit_names_its_parent_and_size_change_and_a_first_revision_is_all_added()
    {
        var (client, wiki, _) = Client(request => Param(request, "fromrev") == "13331009" ? Json(Fixture("compare-first-revision.json")) : Json(Fixture("compare-prev.json")));

        var diff = (await client.DiffAsync("cswiki", 13331581, CancellationToken.None)).Value!;
        Assert.Equal((13298207L, 193L), (diff.FromRevId!.Value, diff.SizeChange));
        Assert.Contains("diff-addedline", diff.TableRows, StringComparison.Ordinal);
        Assert.Equal("prev", Param(wiki.Requests[0], "torelative"));

        var creation = (await client.DiffAsync("cswiki", 13331009, CancellationToken.None)).Value!;
        Assert.True(creation.IsPageCreation);
        Assert.Equal(298, creation.SizeChange);
        Assert.DoesNotContain("diff-deletedline", creation.TableRows, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Wikidata_diff_is_read_the_same_way()
    {
        var (client, _, _) = Client(_ => Json(Fixture("wikidata-compare.json")));

        var diff = (await client.DiffAsync("wikidatawiki", 184877060, CancellationToken.None)).Value!;

        Assert.Equal(184876993, diff.FromRevId);
        Assert.Equal(38871 - 38215, diff.SizeChange);
        Assert.Contains("diffchange", diff.TableRows, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("error-missingcontent.json", "text")]
    [InlineData("error-nosuchrevid.json", "missing")]
    public async Task Hidden_text_and_unknown_revisions_are_told_apart_and_not_retried(string fixture, string expected)
    {
        var (client, wiki, waits) = Client(_ => Json(Fixture(fixture)));

        var result = await client.DiffAsync("cswiki", 13408927, CancellationToken.None);

        Assert.Equal(expected, result.Problem switch
        {
            WikiContentProblem.TextHidden => "text",
            WikiContentProblem.Missing => "missing",
            _ => result.Problem?.ToString(),
        });
        Assert.Single(wiki.Requests);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task An_answer_with_warnings_still_parses_and_too_many_ids_is_a_refusal_not_retried()
    {
        var (warned, _, _) = Client(_ => Json(Fixture("warnings-example.json")));
        var revisions = (await warned.RevisionsAsync("cswiki", [13331581], background: false, CancellationToken.None)).Value!.Revisions;
        Assert.Equal(("Karlův most", 13298207L), (revisions.Single().Title, revisions.Single().ParentId));

        var (refusing, wiki, waits) = Client(_ => Json(Fixture("error-toomanyvalues.json")));
        var refused = await refusing.RevisionsAsync("cswiki", [1], background: false, CancellationToken.None);
        Assert.Equal("toomanyvalues", Assert.IsType<WikiContentProblem.Refused>(refused.Problem).Code);
        Assert.Single(wiki.Requests);
        Assert.Empty(waits);
    }

    [Fact]
    public async Task Revisions_asked_with_their_content_parse_and_a_hidden_text_is_flagged()
    {
        var (client, _, _) = Client(_ => Json(Fixture("query-revisions-content.json")));

        var revisions = (await client.RevisionsAsync("cswiki", [13298207, 13331581, 13337141, 13408927], background: false, CancellationToken.None)).Value!.Revisions;

        Assert.Equal(4, revisions.Count);
        Assert.True(revisions.Single(r => r.RevId == 13408927).Hidden.Text);
        Assert.False(revisions.Single(r => r.RevId == 13331581).Hidden.Text);
    }

    [Fact]
    public async Task A_page_version_is_parsed_and_a_suppressed_one_is_hidden_text()
    {
        var (client, _, _) = Client(request => Param(request, "oldid") == "13408927" ? Json(Fixture("error-permissiondenied.json")) : Json(Fixture("parse-revision.json")));

        var page = (await client.PageAsync("cswiki", 13331581, CancellationToken.None)).Value!;
        Assert.Equal("Karlův most", page.Title);
        Assert.Contains("mw-parser-output", page.Html, StringComparison.Ordinal);
        Assert.IsType<WikiContentProblem.TextHidden>((await client.PageAsync("cswiki", 13408927, CancellationToken.None)).Problem);
    }
}
