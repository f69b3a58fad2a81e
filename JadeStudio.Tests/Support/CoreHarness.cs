using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Support;

/// <summary>The real Core services over a real database of the current test store, as the app wires them.</summary>
public sealed class CoreHarness : IAsyncDisposable
{
    private readonly bool _ownsDatabase;
    private readonly IDatabaseStore _store;

    /// <summary>A node on a new database of the current test store (or of <paramref name="provider"/>).</summary>
    public CoreHarness(DatabaseProvider? provider = null)
        : this(new TestDatabase(provider), ownsDatabase: true, clock: null)
    {
    }

    private CoreHarness(TestDatabase database, bool ownsDatabase, ManualClock? clock)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        // The first node uses the database's store; another node has a store (connections, writer) of its own.
        _store = ownsDatabase ? database.Store : database.OpenStore();
        Clock = clock ?? new ManualClock(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
        Writer = new CommandWriter(_store, Hub, Clock);
        Actors = new ActorLoader(PermissionOptions.Defaults(), Clock);
        Filters = new JadeStudio.Core.AbuseFilters.AbuseFilterService(Writer, Actors, Wikis, Database, Clock);
        Judgments = new JudgmentService(Writer, Actors, Schemas, Wikis, Filters);
        Feed = new EventFeed(Database, _store, new FeedOptions(), Clock);
        Reader = new JudgmentReader(Database, Schemas, Wikis, Feed, new ArtifactViewCache(Hub), new JadeStudio.Core.WikiContent.RevisionCache(new JadeStudio.Core.WikiContent.WikiContentOptions(), Clock));
        Blocks = new BlockService(Writer, Actors, Wikis);
        Users = new UserDirectory(Writer, Database);
        Groups = new GroupService(Writer, Actors, PermissionOptions.Defaults());
        Campaigns = new JadeStudio.Core.Campaigns.CampaignService(Writer, Actors, Judgments, Schemas, Wikis);
        CampaignQueries = new JadeStudio.Core.Campaigns.CampaignQueries(Database, Schemas);
        Exports = new JadeStudio.Core.Campaigns.CampaignExport(Database, Schemas);
        Imports = new JadeStudio.Core.Imports.ImportService(Writer, Actors, Database, Schemas);
        ScoreImports = new JadeStudio.Core.Scores.ScoreImportService(Writer, Actors, Database, Wikis, new JadeStudio.Core.Scores.ModelCatalog());
        Analysis = new JadeStudio.Core.Scores.AnalysisService(Database, new JadeStudio.Core.Scores.ModelCatalog(), _store);
        Discussions = new JadeStudio.Core.Discussions.DiscussionService(Writer, Actors, DiscussionOptions, Filters);
        DiscussionQueries = new JadeStudio.Core.Discussions.DiscussionQueries(Database, Feed, _store);
        BlockQueries = new BlockQueries(Database, Clock);
        Visibility = new JadeStudio.Core.Oversight.VisibilityService(Writer, Actors);
        OversightLog = new JadeStudio.Core.Oversight.OversightLog(Database);
        Logs = new JadeStudio.Core.Logs.LogReader(Database, _store);
        Activity = new JadeStudio.Core.Activity.ActivityQueries(Database, CampaignQueries, new JadeStudio.Core.Activity.ActivityOptions(), Clock);
        Changes = new JadeStudio.Core.Changes.RecentChanges(Database, _store, PermissionOptions.Defaults(), Clock);
        OversightRequests = new JadeStudio.Core.Oversight.OversightRequestService(Writer, Actors, Visibility);
        OversightQueue = new JadeStudio.Core.Oversight.OversightRequestQueries(Database);
        Rollbacks = new JadeStudio.Core.Oversight.RollbackService(Writer, Actors, Wikis);
        DumpOptions = new JadeStudio.Core.Dumps.DumpOptions { Directory = Path.Combine(Path.GetTempPath(), "jadestudio-dumps-" + Guid.NewGuid().ToString("N")) };
        Dumps = new JadeStudio.Core.Dumps.DumpWriter(Database, _store, DumpOptions, Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<JadeStudio.Core.Dumps.DumpWriter>.Instance);
        DumpCatalog = new JadeStudio.Core.Dumps.DumpCatalog(Database, DumpOptions);
        Terms = new JadeStudio.Core.Dumps.RedactionTerms(Writer, Actors, Database);
        Query = new JadeStudio.Core.Queries.PublicQuery(DumpCatalog, DumpOptions);
        SavedQueries = new JadeStudio.Core.Queries.SavedQueries(Writer, Actors, Database, DumpOptions);
        Scores = new JadeStudio.Core.Scores.ScoreService(Writer, Database, new JadeStudio.Core.Scores.ModelCatalog(), Wikis, Judgments, Actors,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JadeStudio.Core.Scores.ScoreService>.Instance);
    }

    public TestDatabase Database { get; }
    public JadeStudio.Core.Dumps.DumpOptions DumpOptions { get; }
    public JadeStudio.Core.Dumps.DumpWriter Dumps { get; }
    public JadeStudio.Core.Dumps.DumpCatalog DumpCatalog { get; }
    public JadeStudio.Core.Dumps.RedactionTerms Terms { get; }
    public JadeStudio.Core.Queries.PublicQuery Query { get; }
    public JadeStudio.Core.Queries.SavedQueries SavedQueries { get; }
    public BlockQueries BlockQueries { get; }
    public JadeStudio.Core.Oversight.VisibilityService Visibility { get; }
    public JadeStudio.Core.Oversight.OversightLog OversightLog { get; }
    public JadeStudio.Core.Changes.RecentChanges Changes { get; }
    public JadeStudio.Core.Logs.LogReader Logs { get; }
    public JadeStudio.Core.AbuseFilters.AbuseFilterService Filters { get; }
    public JadeStudio.Core.Activity.ActivityQueries Activity { get; }
    public JadeStudio.Core.Oversight.OversightRequestService OversightRequests { get; }
    public JadeStudio.Core.Oversight.OversightRequestQueries OversightQueue { get; }
    public JadeStudio.Core.Oversight.RollbackService Rollbacks { get; }
    public ManualClock Clock { get; }
    public EventHub Hub { get; } = new();
    public CommandWriter Writer { get; }
    public ActorLoader Actors { get; }
    public SchemaCatalog Schemas { get; } = SchemaCatalog.LoadEmbedded();
    public WikiCatalog Wikis { get; } = new(WikiCatalog.Defaults);
    public JudgmentService Judgments { get; }
    public JudgmentReader Reader { get; }
    public EventFeed Feed { get; }
    public BlockService Blocks { get; }
    public UserDirectory Users { get; }
    public GroupService Groups { get; }
    public JadeStudio.Core.Campaigns.CampaignService Campaigns { get; }
    public JadeStudio.Core.Campaigns.CampaignQueries CampaignQueries { get; }
    public JadeStudio.Core.Campaigns.CampaignExport Exports { get; }
    public JadeStudio.Core.Imports.ImportService Imports { get; }
    public JadeStudio.Core.Scores.ScoreImportService ScoreImports { get; }
    public JadeStudio.Core.Scores.AnalysisService Analysis { get; }
    public JadeStudio.Core.Scores.ScoreService Scores { get; }
    public JadeStudio.Core.Discussions.DiscussionOptions DiscussionOptions { get; } = new();
    public JadeStudio.Core.Discussions.DiscussionService Discussions { get; }
    public JadeStudio.Core.Discussions.DiscussionQueries DiscussionQueries { get; }

    public async Task<long> CampaignAsync(ActorRef researcher, string wiki = "cswiki", string facet = "editquality", int labelsPerTask = 1, int tasksPerWorkset = 5, string? name = null) =>
        (await Campaigns.CreateAsync(researcher, new JadeStudio.Core.Campaigns.CampaignDraft(wiki, name ?? "Campaign " + Guid.NewGuid().ToString("N")[..6], facet,
            JadeStudio.Core.Campaigns.CampaignView.Diff, labelsPerTask, tasksPerWorkset, TimeSpan.FromDays(1), true, null, null))).OrThrow().Id;

    public async Task<JadeStudio.Core.Commands.Result<JadeStudio.Core.Imports.ImportReport>> UploadAsync(ActorRef researcher, long campaignId, string content, string fileName,
        JadeStudio.Core.Imports.ImportMode mode = JadeStudio.Core.Imports.ImportMode.AllOrNothing, long maxBytes = 100_000_000)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        return await Imports.ImportAsync(researcher, campaignId, stream, fileName, mode, maxBytes);
    }

    public static readonly ArtifactKey Diff = new("enwiki", ArtifactType.Diff, 1096855066);

    public async Task<ActorRef> UserAsync(string name, params string[] groups) =>
        ActorRef.User((await Users.RecordSignInAsync("test", name, name, groups)).Id);

    public async Task<Actor> ViewerAsync(ActorRef actor)
    {
        await using var db = Database.CreateDbContext();
        return await Actors.LoadAsync(db, actor);
    }

    public static string EditQuality(bool damaging, bool goodfaith) =>
        $"{{\"damaging\":{(damaging ? "true" : "false")},\"goodfaith\":{(goodfaith ? "true" : "false")}}}";

    public static ProposeRequest Propose(bool damaging, bool goodfaith, string? notes = null, string? comment = null, ArtifactKey? artifact = null) =>
        new(artifact ?? Diff, "editquality", EditQuality(damaging, goodfaith), notes, comment);

    public async Task<FacetView> EditQualityAsync(ArtifactKey? artifact = null, ActorRef? viewer = null) =>
        (await Reader.GetAsync(artifact ?? Diff, await ViewerAsync(viewer ?? ActorRef.Anonymous))).Facets.Single(f => f.Facet.Id == "editquality");

    /// <summary>Back to the schema before the named migration and forward again: it runs on the data as they are, as an upgrade would.</summary>
    public async Task RunMigrationAgainAsync(string name)
    {
        await using var db = Database.CreateDbContext();
        var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db.Database);
        var migrations = db.Database.GetMigrations().ToList();
        await migrator.MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_" + name, StringComparison.Ordinal)) - 1]);
        await migrator.MigrateAsync();
    }

    public async Task<int> CountAsync<T>(Func<Microsoft.EntityFrameworkCore.DbContext, IQueryable<T>> query)
    {
        await using var db = Database.CreateDbContext();
        return await query(db).CountAsync();
    }

    /// <summary>
    /// Another app node on the same database: its own store, single writer and event hub, the same clock. Disposed by the
    /// caller before this one.
    /// </summary>
    public CoreHarness SecondNode() => new(Database, ownsDatabase: false, Clock);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        if (Directory.Exists(DumpOptions.Directory))
        {
            Directory.Delete(DumpOptions.Directory, recursive: true);
        }
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
        else if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}

public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
