using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using JadeStudio.Core.Wikis;
using JadeStudio.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// The app with every wiki pointed at a fake MediaWiki on loopback (<c>/{wiki}/w/api.php</c>) that answers in the
/// recorded shapes of shared/fixtures/mediawiki: every revision is an edit of "Karlův most" by "Ukázkový editor",
/// every diff is the fixture's (with one added line naming its revision), every page version the fixture's. It
/// counts what it is asked, and can be made unreachable (connections are dropped, as with a wiki that is down). A small server of its own rather than a
/// mocking library: answers depend on the revision ids asked for, and the tests need its counts and switch.
/// </summary>
public sealed class FakeWikiFixture : BrowserFixture
{
    private static readonly JsonObject Compare = Load("compare-prev.json");
    private static readonly JsonObject Parse = Load("parse-revision.json");

    private WebApplication _wiki = default!;
    private readonly ConcurrentQueue<(string Wiki, string Action, long RevId)> _requests = new();
    private readonly ConcurrentDictionary<(string Wiki, int Distinct), TaskCompletionSource> _diffWaiters = new();
    private readonly ConcurrentDictionary<(string, long), byte> _diffsAsked = new();

    public const string Title = "Karlův most";
    public const string Editor = "Ukázkový editor";
    public const string Summary = "doplnění, oprava tvaru";

    /// <summary>False: every request is dropped, as by a wiki that cannot be reached.</summary>
    public volatile bool Reachable = true;

    private static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Fixture("mediawiki"), name)))!.AsObject();

    /// <summary>How often the wiki was asked for this revision's diff (<c>action=compare</c>).</summary>
    public int DiffRequests(string wiki, long revId) => _requests.Count(r => r.Wiki == wiki && r.Action == "compare" && r.RevId == revId);

    /// <summary>Completes once diffs of this many different revisions of <paramref name="wiki"/> were asked for.</summary>
    public Task DiffsAskedAsync(string wiki, int distinct)
    {
        var waiter = _diffWaiters.GetOrAdd((wiki, distinct), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_diffsAsked.Keys.Count(k => k.Item1 == wiki) >= distinct)
        {
            waiter.TrySetResult();
        }
        return waiter.Task;
    }

    protected override async Task<AppProcess> StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _wiki = builder.Build();
        _wiki.MapGet("/{wiki}/w/api.php", Answer);
        await _wiki.StartAsync();

        var settings = new Dictionary<string, string>
        {
            ["JadeStudio__WikiContent__Enabled"] = "true",
            ["JadeStudio__WikiContent__TimeoutSeconds"] = "5",
            ["JadeStudio__DevelopmentSignIn__Accounts__5__Key"] = "admin",
            ["JadeStudio__DevelopmentSignIn__Accounts__5__Name"] = "Test Admin",
            ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__0"] = "sysop",
            // cswiki's latest edits feed a patrol queue, read every second.
            ["JadeStudio__Patrol__Wikis__0"] = "cswiki",
            ["JadeStudio__Patrol__PollSeconds"] = "1",
        };
        foreach (var (key, value) in WikiSettings(_wiki.Urls.First()))
        {
            settings[key] = value;
        }
        return await AppProcess.StartAsync(settings);
    }

    /// <summary>App settings that put every default wiki at <c>{server}/{wiki}</c> (a fake MediaWiki's <c>/{wiki}/w/api.php</c>).</summary>
    internal static Dictionary<string, string> WikiSettings(string server)
    {
        var settings = new Dictionary<string, string>();
        var index = 0;
        foreach (var wiki in WikiCatalog.Defaults)
        {
            var prefix = $"JadeStudio__Wikis__{index++}__";
            settings[prefix + "Id"] = wiki.Id;
            settings[prefix + "Language"] = wiki.Language;
            settings[prefix + "BaseUrl"] = $"{server}/{wiki.Id}";
            // No image of a page version may reach the internet from a test.
            settings[prefix + "UploadHost"] = "";
            for (var f = 0; f < wiki.Facets.Count; f++)
            {
                settings[$"{prefix}Facets__{f}"] = wiki.Facets[f];
            }
        }
        return settings;
    }

    private IResult Answer(string wiki, HttpContext context)
    {
        if (!Reachable)
        {
            context.Abort();
            return Results.Empty;
        }
        var query = context.Request.Query;
        var action = query["action"].ToString();
        var ids = (action == "compare" ? query["fromrev"] : query["revids"]).ToString().Split('|', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        foreach (var id in ids)
        {
            _requests.Enqueue((wiki, action, id));
        }
        return action switch
        {
            "query" when query["list"] == "recentchanges" => Results.Text(RecentChanges().ToJsonString(), "application/json"),
            "query" => Results.Text(Revisions(ids, query["rvprop"] == "ids|size").ToJsonString(), "application/json"),
            "compare" => Results.Text(Diff(wiki, ids.Single(), query["uselang"] == "en").ToJsonString(), "application/json"),
            "parse" => Results.Text(Page(long.Parse(query["oldid"].ToString(), CultureInfo.InvariantCulture)).ToJsonString(), "application/json"),
            _ => Results.Text("""{"error":{"code":"badvalue","info":"Unrecognized value for parameter \"action\"."}}""", "application/json"),
        };
    }

    /// <summary>The revisions <c>list=recentchanges</c> reports: three edits of the last minutes, newest first.</summary>
    public static readonly long[] RecentRevisions = [880_003, 880_002, 880_001];

    /// <summary>A <c>list=recentchanges</c> answer (formatversion=2) for <see cref="RecentRevisions"/>.</summary>
    private static JsonObject RecentChanges() => new()
    {
        ["batchcomplete"] = true,
        ["query"] = new JsonObject
        {
            ["recentchanges"] = new JsonArray(RecentRevisions.Select((revId, i) => (JsonNode)new JsonObject
            {
                ["type"] = "edit",
                ["ns"] = 0,
                ["title"] = $"{Title} {i + 1}",
                ["pageid"] = 24183 + i,
                ["revid"] = revId,
                ["old_revid"] = revId - 1,
                ["rcid"] = 990_000 + revId,
                ["user"] = Editor,
                ["oldlen"] = 1119,
                ["newlen"] = 1312,
                ["timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-i - 1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["comment"] = Summary,
                ["minor"] = false,
            }).ToArray()),
        },
    };

    /// <summary>An <c>action=query&amp;prop=revisions</c> answer for these revisions, in the recorded shape.</summary>
    internal static JsonObject Revisions(List<long> ids, bool sizesOnly) => new()
    {
        ["batchcomplete"] = true,
        ["query"] = new JsonObject
        {
            ["pages"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
            {
                ["pageid"] = 24183,
                ["ns"] = 0,
                ["title"] = Title,
                ["revisions"] = new JsonArray(sizesOnly
                    ? new JsonObject { ["revid"] = id, ["parentid"] = id - 1, ["size"] = 1119 }
                    : new JsonObject
                    {
                        ["revid"] = id,
                        ["parentid"] = id - 1,
                        ["minor"] = false,
                        ["user"] = Editor,
                        ["userid"] = 312470,
                        ["timestamp"] = "2016-02-07T18:24:53Z",
                        ["size"] = 1312,
                        ["sha1"] = "172967f638d22099baca64b5b2a76d7933fc839f",
                        ["comment"] = "/* Popis */ " + Summary,
                        ["tags"] = new JsonArray(),
                    }),
            }).ToArray()),
        },
    };

    private JsonObject Diff(string wiki, long revId, bool english)
    {
        _diffsAsked.TryAdd((wiki, revId), 0);
        foreach (var ((waitedWiki, count), waiter) in _diffWaiters)
        {
            if (_diffsAsked.Keys.Count(k => k.Item1 == waitedWiki) >= count)
            {
                waiter.TrySetResult();
            }
        }
        var answer = Compare.DeepClone().AsObject();
        answer["compare"]!["torevid"] = revId;
        answer["compare"]!["fromrevid"] = revId - 1;
        // One added line names the revision, so a test can tell one edit's diff from another's.
        answer["compare"]!["body"] = answer["compare"]!["body"]!.GetValue<string>() + DiffRowNaming(revId);
        if (english)
        {
            // As a wiki does with uselang=en: its messages in English, the line-number rows included.
            answer["compare"]!["body"] = answer["compare"]!["body"]!.GetValue<string>().Replace("Řádek ", "Line ", StringComparison.Ordinal);
        }
        return answer;
    }

    /// <summary>The text of the added line that names <paramref name="revId"/> in its diff.</summary>
    public static string DiffLineNaming(long revId) => $"| revize = {revId.ToString(CultureInfo.InvariantCulture)}";

    private static string DiffRowNaming(long revId) =>
        $"""<tr><td colspan="2" class="diff-empty diff-side-deleted"></td><td class="diff-marker" data-marker="+"></td><td class="diff-addedline diff-side-added"><div>{DiffLineNaming(revId)}</div></td></tr>""";

    private static JsonObject Page(long revId)
    {
        var answer = Parse.DeepClone().AsObject();
        answer["parse"]!["revid"] = revId;
        return answer;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _wiki.DisposeAsync();
    }
}
