using System.Globalization;
using System.Text.Json.Nodes;

namespace JadeStudio.Bench;

/// <summary>
/// A MediaWiki stand-in for the content scenario (the benchmark machine reaches no wiki): <c>/{wiki}/w/api.php</c>
/// answers revision metadata and diffs for any revision, and no blocks for any user, in the Action API's formatversion=2 shapes.
/// </summary>
public sealed class FakeWiki : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _diffs;
    private readonly List<(int Count, TaskCompletionSource Served)> _awaitedDiffs = [];

    private FakeWiki(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The added line in the diff of <paramref name="revId"/>, which names it.</summary>
    public static string EditLine(long revId) => $"edit {revId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Completes once this many diffs (<c>action=compare</c>) have been served in all, e.g. a workset read ahead.</summary>
    public Task DiffsServedAsync(int count)
    {
        lock (_awaitedDiffs)
        {
            if (_diffs >= count)
            {
                return Task.CompletedTask;
            }
            var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaitedDiffs.Add((count, served));
            return served.Task;
        }
    }

    private void DiffServed()
    {
        lock (_awaitedDiffs)
        {
            _diffs++;
            foreach (var waiter in _awaitedDiffs.Where(w => w.Count <= _diffs).ToList())
            {
                waiter.Served.TrySetResult();
                _awaitedDiffs.Remove(waiter);
            }
        }
    }

    public static async Task<FakeWiki> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var wiki = new FakeWiki(app);
        app.MapGet("/{wiki}/w/api.php", (HttpContext context) =>
        {
            Interlocked.Increment(ref wiki._requests);
            var query = context.Request.Query;
            if (query["list"] == "blocks")
            {
                // The signed-in reviewers' blocks on the wiki (read for every active user): none.
                return Results.Text("""{"batchcomplete":true,"query":{"blocks":[]}}""", "application/json");
            }
            if (query["action"] == "compare")
            {
                var revId = long.Parse(query["fromrev"].ToString(), CultureInfo.InvariantCulture);
                wiki.DiffServed();
                return Results.Text(new JsonObject
                {
                    ["compare"] = new JsonObject
                    {
                        ["fromrevid"] = revId - 1,
                        ["fromsize"] = 1000,
                        ["torevid"] = revId,
                        ["tosize"] = 1040,
                        ["totitle"] = "Bench page",
                        // One added line names the revision: the labeling scenario waits for this task's diff, not any diff.
                        ["body"] = "<tr><td colspan=\"2\" class=\"diff-lineno\">Line 1:</td><td colspan=\"2\" class=\"diff-lineno\">Line 1:</td></tr>"
                            + $"<tr><td colspan=\"2\" class=\"diff-empty diff-side-deleted\"></td><td class=\"diff-marker\" data-marker=\"+\"></td><td class=\"diff-addedline diff-side-added\"><div>{EditLine(revId)}</div></td></tr>",
                    },
                }.ToJsonString(), "application/json");
            }
            var ids = query["revids"].ToString().Split('|').Select(id => long.Parse(id, CultureInfo.InvariantCulture));
            return Results.Text(new JsonObject
            {
                ["query"] = new JsonObject
                {
                    ["pages"] = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
                    {
                        ["pageid"] = 1,
                        ["ns"] = 0,
                        ["title"] = "Bench page",
                        ["revisions"] = new JsonArray(new JsonObject
                        {
                            ["revid"] = id,
                            ["parentid"] = id - 1,
                            ["user"] = "Bench editor",
                            ["userid"] = 7,
                            ["timestamp"] = "2026-01-02T03:04:05Z",
                            ["size"] = 1040,
                            ["comment"] = "bench edit",
                            ["tags"] = new JsonArray(),
                        }),
                    }).ToArray()),
                },
            }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return wiki;
    }

    /// <summary>The app's settings that point every default wiki at this one, with content on.</summary>
    public IReadOnlyDictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string> { ["JadeStudio__WikiContent__Enabled"] = "true" };
        var index = 0;
        foreach (var wiki in JadeStudio.Core.Wikis.WikiCatalog.Defaults)
        {
            var prefix = $"JadeStudio__Wikis__{index++}__";
            settings[prefix + "Id"] = wiki.Id;
            settings[prefix + "Language"] = wiki.Language;
            settings[prefix + "BaseUrl"] = $"{Address}/{wiki.Id}";
            for (var f = 0; f < wiki.Facets.Count; f++)
            {
                settings[$"{prefix}Facets__{f}"] = wiki.Facets[f];
            }
        }
        return settings;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
