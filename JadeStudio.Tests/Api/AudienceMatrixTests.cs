using System.Net.Http.Headers;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public enum MatrixField
{
    CommentText,
    ProposalNotes,
    EndorsementComment,
    ThreadTitle,
    CommentUser,
    EndorsementUser,
    /// <summary>The user name hidden on a thread's opening comment: the same name is the thread's author.</summary>
    OpeningCommentUser,
    /// <summary>The user name hidden on the thread: the same name is its opening comment's author.</summary>
    ThreadUser,
}

public enum MatrixViewer
{
    Anonymous,
    Author,
    Reviewer,
    Sysop,
    Oversighter,
}

public enum MatrixOutput
{
    ArtifactPage,
    Api,
    FeedJson,
    FeedSse,
    Search,
    Watchlist,
    HistoryApi,
    RecentChangesPage,
    RecentChangesApi,
    ContributionsPage,
    ContributionsApi,
}

/// <summary>
/// One artifact per (field, level): the development researcher account writes the field, a separate
/// oversighter hides it at the level. Viewers are the development accounts, signed in as a browser is
/// (pages) or with their own API token (API and feed).
/// </summary>
public class AudienceMatrixFixture : JadeWebFactory, IAsyncLifetime
{
    public const string AuthorName = "Dev Researcher";

    private static readonly Dictionary<MatrixViewer, (string Key, string Name, string[] Groups)> Accounts = new()
    {
        [MatrixViewer.Author] = ("researcher", AuthorName, ["autoconfirmed", "researcher"]),
        [MatrixViewer.Reviewer] = ("reviewer", "Dev Reviewer", ["autoconfirmed"]),
        [MatrixViewer.Sysop] = ("sysop", "Dev Sysop", ["autoconfirmed", "sysop"]),
        [MatrixViewer.Oversighter] = ("oversighter", "Dev Oversighter", ["autoconfirmed", "oversight"]),
    };

    public sealed record Scenario(ArtifactKey Artifact, string Value, string SearchWord);

    private readonly Dictionary<(MatrixField, FieldVisibility), Scenario> _scenarios = [];
    private readonly Dictionary<MatrixViewer, HttpClient> _browsers = [];
    private readonly Dictionary<MatrixViewer, string> _tokens = [];

    internal static readonly Dictionary<string, string?> Settings = new() { ["JadeStudio:Discussions:PostsPerMinute"] = "1000" };

    public AudienceMatrixFixture() : this(Settings)
    {
    }

    protected AudienceMatrixFixture(IReadOnlyDictionary<string, string?> settings, JadeStudio.Core.Storage.DatabaseProvider? store = null) : base("Development", settings, store: store)
    {
    }

    public Scenario this[MatrixField field, FieldVisibility level] => _scenarios[(field, level)];

    public Dictionary<MatrixViewer, long> UserIds { get; } = [];

    public virtual async Task InitializeAsync()
    {
        await WriteAsync(Services);
        await SignInViewersAsync();
    }

    /// <summary>The viewers' browsers, signed in as the development sign-in does.</summary>
    protected async Task SignInViewersAsync()
    {
        foreach (var (viewer, account) in Accounts)
        {
            var browser = CreateBrowserLikeClient();
            await SignInAsync(browser, account.Key);
            _browsers[viewer] = browser;
        }
        _browsers[MatrixViewer.Anonymous] = CreateBrowserLikeClient();
    }

    /// <summary>The accounts, their API tokens and every scenario, written through the Core services of <paramref name="services"/>' app.</summary>
    protected async Task WriteAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserDirectory>();
        foreach (var (viewer, account) in Accounts)
        {
            // The same records the development sign-in creates.
            UserIds[viewer] = (await users.RecordSignInAsync("development", account.Key, account.Name, account.Groups)).Id;
            (await services.GetRequiredService<JadeStudio.Core.Dumps.RedactionTerms>().AcceptAsync(ActorRef.User(UserIds[viewer]))).OrThrow();
            _tokens[viewer] = (await services.GetRequiredService<ApiTokenService>().CreateAsync(ActorRef.User(UserIds[viewer]), "matrix",
                [.. PermissionOptions.Defaults().RightsOf([PermissionOptions.SignedIn, .. account.Groups])])).OrThrow().Secret;
        }
        var starter = ActorRef.User((await users.RecordSignInAsync("test", "starter", "Matrix Starter", [])).Id);
        var hider = ActorRef.User((await users.RecordSignInAsync("test", "hider", "Matrix Hider", ["oversight"])).Id);
        var author = ActorRef.User(UserIds[MatrixViewer.Author]);
        var revId = 7_700_000;
        foreach (var field in Enum.GetValues<MatrixField>())
        {
            foreach (var level in Enum.GetValues<FieldVisibility>())
            {
                var key = new ArtifactKey("enwiki", ArtifactType.Diff, ++revId);
                var marker = $"secret{field}{level}{revId}".ToLowerInvariant();
                var (item, value, searchWord) = await WriteAsync(services, field, key, marker, author, starter);
                if (level != FieldVisibility.Visible)
                {
                    var hideable = field is MatrixField.CommentUser or MatrixField.EndorsementUser or MatrixField.OpeningCommentUser or MatrixField.ThreadUser
                        ? HideableField.User : HideableField.Text;
                    (await services.GetRequiredService<VisibilityService>().SetAsync(hider, new VisibilityRequest(item, hideable, level, "matrix"))).OrThrow();
                }
                _scenarios[(field, level)] = new Scenario(key, value, searchWord);
            }
        }
    }

    private static async Task<(ItemRef Item, string Value, string SearchWord)> WriteAsync(IServiceProvider services, MatrixField field, ArtifactKey key, string marker,
        ActorRef author, ActorRef starter)
    {
        var judgments = services.GetRequiredService<JudgmentService>();
        var discussions = services.GetRequiredService<DiscussionService>();
        ProposeRequest Propose(string? notes = null) => new(key, "editquality", CoreHarness.EditQuality(true, false), notes);
        switch (field)
        {
            case MatrixField.CommentText:
                var thread = (await discussions.StartThreadAsync(author, new NewThread(key, "A question", marker))).OrThrow();
                return (new ItemRef(ItemKind.Comment, thread.CommentId), marker, marker);
            case MatrixField.ThreadTitle:
                var titled = (await discussions.StartThreadAsync(author, new NewThread(key, marker, "plain body"))).OrThrow();
                return (new ItemRef(ItemKind.Thread, titled.ThreadId), marker, marker);
            case MatrixField.ProposalNotes:
                var proposal = (await judgments.ProposeOrEndorseAsync(author, Propose(marker))).OrThrow();
                return (new ItemRef(ItemKind.Proposal, proposal.ProposalId!.Value), marker, marker);
            case MatrixField.EndorsementComment:
            case MatrixField.EndorsementUser:
                var proposed = (await judgments.ProposeOrEndorseAsync(starter, Propose())).OrThrow();
                var comment = field == MatrixField.EndorsementComment ? marker : null;
                var endorsed = (await judgments.EndorseAsync(author, proposed.ProposalId!.Value, comment, "ui")).OrThrow();
                return (new ItemRef(ItemKind.Endorsement, endorsed.EndorsementId!.Value), field == MatrixField.EndorsementComment ? marker : AuthorName, marker);
            case MatrixField.OpeningCommentUser:
            case MatrixField.ThreadUser:
                var opened = (await discussions.StartThreadAsync(author, new NewThread(key, "Opened by the author", marker))).OrThrow();
                return (field == MatrixField.ThreadUser ? new ItemRef(ItemKind.Thread, opened.ThreadId) : new ItemRef(ItemKind.Comment, opened.CommentId), AuthorName, marker);
            case MatrixField.CommentUser:
                var started = (await discussions.StartThreadAsync(starter, new NewThread(key, "Starter's thread", "starter body"))).OrThrow();
                var reply = (await discussions.ReplyAsync(author, started.ThreadId, null, marker)).OrThrow();
                return (new ItemRef(ItemKind.Comment, reply), AuthorName, marker);
            default:
                throw new ArgumentOutOfRangeException(nameof(field));
        }
    }

    private Task<(long Public, long Full)>? _dumps;

    /// <summary>A public and a full dump of every scenario, written once by a run of this app's dump job.</summary>
    public Task<(long Public, long Full)> DumpsAsync() => _dumps ??= WriteDumpsAsync();

    private async Task<(long Public, long Full)> WriteDumpsAsync()
    {
        var (publicDump, fullDump) = await DumpRuns.WriteAsync(Services);
        return (publicDump.Id, fullDump.Id);
    }

    public HttpClient Browser(MatrixViewer viewer) => _browsers[viewer];

    public HttpClient Api(MatrixViewer viewer)
    {
        var client = CreateClient();
        if (_tokens.TryGetValue(viewer, out var token))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeFixtureAsync();

    protected virtual async Task DisposeFixtureAsync()
    {
        foreach (var browser in _browsers.Values)
        {
            browser.Dispose();
        }
        await base.DisposeAsync();
    }
}

/// <summary>
/// The matrix's scenarios written on SQLite, then the SQLite file moved to a new PostgreSQL database with the operator's
/// <c>db copy</c>, and this app serving the copy: the viewers sign in there and use the tokens made before the copy.
/// </summary>
public sealed class CopiedAudienceMatrixFixture : AudienceMatrixFixture
{
    private readonly PostgresServer _copy;

    public CopiedAudienceMatrixFixture() : this(PostgresServer.CreateMigratedDatabaseAsync().GetAwaiter().GetResult())
    {
    }

    private CopiedAudienceMatrixFixture(PostgresServer copy)
        : base(new Dictionary<string, string?>(Settings) { ["JadeStudio:Database:Provider"] = "PostgreSql", ["ConnectionStrings:JadeStudio"] = copy.ConnectionString }) =>
        _copy = copy;

    public override async Task InitializeAsync()
    {
        await using (var original = new JadeWebFactory("Development", Settings, store: JadeStudio.Core.Storage.DatabaseProvider.Sqlite))
        {
            await WriteAsync(original.Services);
            var (exit, _, error) = await OperatorCommand.RunAsync(DataDirectory, new Dictionary<string, string>
            {
                ["JadeStudio__Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__JadeStudio"] = _copy.ConnectionString,
            }, "db", "copy", "--from", original.DatabasePath);
            Assert.True(exit == 0, error);
        }
        await SignInViewersAsync();
    }

    protected override async Task DisposeFixtureAsync()
    {
        await base.DisposeFixtureAsync();
        await _copy.DisposeAsync();
    }
}

/// <summary>
/// Every hideable field × level × viewer × output: the value is shown exactly when the viewer may see it
/// and the output carries that field (thread titles are not in the feed or watch list). Nothing about a hidden value leaks, whoever asks and however.
/// </summary>
public sealed class AudienceMatrixTests(AudienceMatrixFixture app) : AudienceMatrixChecks(app), IClassFixture<AudienceMatrixFixture>;

/// <summary>The same checks on a database copied from SQLite to PostgreSQL by <c>db copy</c>: every answer is the same.</summary>
[Trait("Store", "PostgreSql")]
public sealed class CopiedDatabaseAudienceMatrixTests(CopiedAudienceMatrixFixture app) : AudienceMatrixChecks(app), IClassFixture<CopiedAudienceMatrixFixture>;

public abstract class AudienceMatrixChecks(AudienceMatrixFixture app)
{
    public static TheoryData<MatrixField, FieldVisibility, MatrixViewer> Cases()
    {
        var cases = new TheoryData<MatrixField, FieldVisibility, MatrixViewer>();
        foreach (var field in Enum.GetValues<MatrixField>())
        {
            foreach (var level in Enum.GetValues<FieldVisibility>())
            {
                foreach (var viewer in Enum.GetValues<MatrixViewer>())
                {
                    cases.Add(field, level, viewer);
                }
            }
        }
        return cases;
    }

    private static bool MaySee(FieldVisibility level, MatrixViewer viewer) => level switch
    {
        FieldVisibility.Visible => true,
        FieldVisibility.Deleted => viewer is MatrixViewer.Sysop or MatrixViewer.Oversighter,
        FieldVisibility.Suppressed => viewer is MatrixViewer.Oversighter,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private static bool Carries(MatrixOutput output, MatrixField field, MatrixViewer viewer) => output switch
    {
        MatrixOutput.ArtifactPage or MatrixOutput.Api => true,
        MatrixOutput.FeedJson or MatrixOutput.FeedSse or MatrixOutput.HistoryApi
            or MatrixOutput.RecentChangesPage or MatrixOutput.RecentChangesApi or MatrixOutput.ContributionsPage or MatrixOutput.ContributionsApi => field != MatrixField.ThreadTitle,
        // Every text is searched; the endorsement of the user-name case carries no comment to find.
        MatrixOutput.Search => field != MatrixField.EndorsementUser,
        // One's own activity is not on one's own watch list.
        MatrixOutput.Watchlist => field != MatrixField.ThreadTitle && viewer != MatrixViewer.Author,
        _ => throw new ArgumentOutOfRangeException(nameof(output)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_value_is_shown_exactly_to_those_who_may_see_it_in_every_output(MatrixField field, FieldVisibility level, MatrixViewer viewer)
    {
        var scenario = app[field, level];
        foreach (var output in Enum.GetValues<MatrixOutput>())
        {
            if (output == MatrixOutput.Watchlist && viewer == MatrixViewer.Anonymous)
            {
                continue;
            }
            var text = await ReadAsync(output, scenario, viewer);
            var expected = Carries(output, field, viewer) && MaySee(level, viewer);
            Assert.True(expected == text.Contains(scenario.Value, StringComparison.Ordinal),
                $"{output}: '{scenario.Value}' should {(expected ? "" : "not ")}be shown to {viewer} at level {level}.");
        }
    }

    public static TheoryData<MatrixField, FieldVisibility> DumpCases()
    {
        var cases = new TheoryData<MatrixField, FieldVisibility>();
        foreach (var field in Enum.GetValues<MatrixField>())
        {
            foreach (var level in Enum.GetValues<FieldVisibility>())
            {
                cases.Add(field, level);
            }
        }
        return cases;
    }

    /// <summary>
    /// Every file of the public dump, downloaded as anyone does, carries the value exactly when an anonymous reader may see
    /// it; the full dump carries it at every level and is served only to the viewer with viewprivatedumps.
    /// </summary>
    [Theory]
    [MemberData(nameof(DumpCases))]
    public async Task Every_dump_file_carries_the_value_exactly_for_its_audience(MatrixField field, FieldVisibility level)
    {
        var scenario = app[field, level];
        var (publicDump, fullDump) = await app.DumpsAsync();
        var publicFiles = await DumpFilesAsync(app.Api(MatrixViewer.Anonymous), publicDump, JadeStudio.Core.Dumps.DumpKind.Public);
        var publicRows = RowsAbout(scenario.Artifact, publicFiles);
        Assert.True((level == FieldVisibility.Visible) == publicRows.Contains(scenario.Value, StringComparison.Ordinal),
            $"The public dump's rows about {scenario.Artifact} should {(level == FieldVisibility.Visible ? "" : "not ")}carry '{scenario.Value}'.");
        foreach (var (name, text) in publicFiles.Where(f => !f.Key.StartsWith("artifacts.", StringComparison.Ordinal)))
        {
            // Unique markers only: a hidden text appears in no file at all (names recur on other scenarios' rows).
            if (level != FieldVisibility.Visible && field is MatrixField.CommentText or MatrixField.ProposalNotes or MatrixField.EndorsementComment or MatrixField.ThreadTitle)
            {
                Assert.DoesNotContain(scenario.Value, text);
            }
        }
        foreach (var viewer in Enum.GetValues<MatrixViewer>())
        {
            var response = await app.Api(viewer).GetAsync($"/api/v1/dumps/{fullDump}/files/events.jsonl.gz");
            Assert.Equal(viewer == MatrixViewer.Oversighter, response.IsSuccessStatusCode);
        }
        var fullRows = RowsAbout(scenario.Artifact, await DumpFilesAsync(app.Api(MatrixViewer.Oversighter), fullDump, JadeStudio.Core.Dumps.DumpKind.Full));
        Assert.Contains(scenario.Value, fullRows);
    }

    /// <summary>Every file of a dump as its reader downloads it, as text (JSON Lines unzipped, Parquet read by DuckDB).</summary>
    private static async Task<Dictionary<string, string>> DumpFilesAsync(HttpClient client, long dumpId, JadeStudio.Core.Dumps.DumpKind kind)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var directory = Directory.CreateTempSubdirectory("matrix-dump-");
        try
        {
            foreach (var name in JadeStudio.Core.Dumps.DumpCatalog.FilesOf(kind))
            {
                var response = await client.GetAsync($"/api/v1/dumps/{dumpId}/files/{name}");
                Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
                var path = Path.Combine(directory.FullName, name);
                await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            }
            return await DumpContents.ReadAllAsync(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>The rows of every table about one artifact (by its id, and comments by their threads), one JSON object per line.</summary>
    private static string RowsAbout(ArtifactKey key, Dictionary<string, string> files)
    {
        static IEnumerable<System.Text.Json.JsonElement> Rows(string text) =>
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement);
        static long? Number(System.Text.Json.JsonElement row, string name) =>
            row.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetInt64() : null;
        var artifactId = Rows(files["artifacts.jsonl.gz"]).Single(r => r.GetProperty("wiki").GetString() == key.Wiki && Number(r, "rev_id") == key.RevId).GetProperty("id").GetInt64();
        var threads = Rows(files["threads.jsonl.gz"]).Where(r => Number(r, "artifact_id") == artifactId).Select(r => Number(r, "id")).ToHashSet();
        var about = new System.Text.StringBuilder();
        foreach (var (name, text) in files.Where(f => f.Key.EndsWith(".jsonl.gz", StringComparison.Ordinal) || f.Key.EndsWith(".parquet", StringComparison.Ordinal)))
        {
            if (name.StartsWith("artifacts.", StringComparison.Ordinal) || name.StartsWith("redactions.", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var row in Rows(text).Where(r => Number(r, "artifact_id") == artifactId || threads.Contains(Number(r, "thread_id"))))
            {
                about.Append(row.GetRawText()).Append('\n');
            }
        }
        return about.ToString();
    }

    private async Task<string> ReadAsync(MatrixOutput output, AudienceMatrixFixture.Scenario scenario, MatrixViewer viewer)
    {
        var key = scenario.Artifact;
        switch (output)
        {
            case MatrixOutput.ArtifactPage:
                return MainOf(await JadeWebFactory.GetPageAsync(app.Browser(viewer), $"/artifact/{key}"));
            case MatrixOutput.Api:
                var api = app.Api(viewer);
                return await api.GetStringAsync($"/api/v1/artifacts/{key}") + await api.GetStringAsync($"/api/v1/artifacts/{key}/threads");
            case MatrixOutput.FeedJson:
                return await app.Api(viewer).GetStringAsync($"/api/v1/events?artifact={key}&limit=1000");
            case MatrixOutput.FeedSse:
                return await ReadStreamAsync(app.Api(viewer), key);
            case MatrixOutput.HistoryApi:
                return await app.Api(viewer).GetStringAsync($"/api/v1/artifacts/{key}/history");
            case MatrixOutput.Search:
                return MainOf(await JadeWebFactory.GetPageAsync(app.Browser(viewer), $"/search?q={scenario.SearchWord}"));
            case MatrixOutput.RecentChangesPage:
                return RowsOn(key, await JadeWebFactory.GetPageAsync(app.Browser(viewer), "/recentchanges?hidebots=0&days=90&limit=500"));
            case MatrixOutput.ContributionsPage:
                // Only the rows: the page's title names whose contributions they are.
                return RowsOn(key, await JadeWebFactory.GetPageAsync(app.Browser(viewer), $"/contributions/{Uri.EscapeDataString(AudienceMatrixFixture.AuthorName.Replace(' ', '_'))}?limit=500"));
            case MatrixOutput.RecentChangesApi:
                return EventsOn(key, await app.Api(viewer).GetStringAsync("/api/v1/recentchanges?hidebots=0&days=90&limit=500"));
            case MatrixOutput.ContributionsApi:
                return EventsOn(key, await app.Api(viewer).GetStringAsync($"/api/v1/users/{app.UserIds[MatrixViewer.Author]}/contributions?limit=500"));
            case MatrixOutput.Watchlist:
                var discussions = app.Services.GetRequiredService<DiscussionService>();
                var me = ActorRef.User(app.UserIds[viewer]);
                (await discussions.WatchAsync(me, key, true)).OrThrow();
                try
                {
                    return MainOf(await JadeWebFactory.GetPageAsync(app.Browser(viewer), "/watchlist"));
                }
                finally
                {
                    (await discussions.WatchAsync(me, key, false)).OrThrow();
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(output));
        }
    }

    /// <summary>The rows of a recent changes or contributions page about one artifact (the lists carry every scenario's).</summary>
    private static string RowsOn(ArtifactKey key, AngleSharp.Html.Dom.IHtmlDocument page) =>
        string.Concat(page.QuerySelectorAll("li[data-testid=change]")
            .Where(row => row.QuerySelector("[data-testid=change-artifact]")?.GetAttribute("href") == $"artifact/{key}")
            .Select(row => row.OuterHtml));

    /// <summary>The events of a list answer about one artifact, as JSON.</summary>
    private static string EventsOn(ArtifactKey key, string json)
    {
        using var list = System.Text.Json.JsonDocument.Parse(json);
        return string.Concat(list.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("artifact").GetString() == key.ToString())
            .Select(e => e.GetRawText()));
    }

    /// <summary>The page's own content, without the header that names the signed-in user.</summary>
    private static string MainOf(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("main")?.TextContent ?? throw new InvalidOperationException("The page has no main element.");

    /// <summary>The artifact's events from the start as Server-Sent Events, up to the last one this viewer may read.</summary>
    private async Task<string> ReadStreamAsync(HttpClient client, ArtifactKey key)
    {
        using var page = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/events?artifact={key}&limit=1000"));
        var last = page.RootElement.GetProperty("events").EnumerateArray().Last().GetProperty("cursor").GetString();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var stream = await SseReader.OpenAsync(client, $"/api/v1/events?artifact={key}&cursor={FeedCursor.Encode(0)}", cancellationToken: timeout.Token);
        var data = new System.Text.StringBuilder();
        while (await stream.NextAsync(timeout.Token) is { } message)
        {
            data.Append(message.Data);
            if (message.Id == last)
            {
                break;
            }
        }
        return data.ToString();
    }
}
