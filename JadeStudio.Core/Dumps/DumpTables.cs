using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Dumps;

/// <summary>
/// The tables of a dump and how their rows are read from the store, a page at a time in key order. Readers fill ids
/// only for hideable values (a text id, a user id); <see cref="DumpRedactor"/> looks the values up and hides them.
/// </summary>
public static class DumpTables
{
    /// <summary>Changes when a table or column changes meaning or disappears (adding a column does not).</summary>
    public const int SchemaVersion = 1;

    private delegate Task<List<object?[]>> PageReader(JadeDbContext db, DumpKind kind, long after, int limit, CancellationToken cancellationToken);

    private sealed record Definition(DumpTable Table, PageReader Read);

    private static DumpColumn Int(string name) => new(name, DumpType.Int64);
    private static DumpColumn Str(string name) => new(name, DumpType.Text);
    private static DumpColumn Bool(string name) => new(name, DumpType.Boolean);
    private static DumpColumn Time(string name) => new(name, DumpType.Timestamp);

    private static readonly DumpTable ArtifactsTable = new("artifacts",
        [Int("id"), Str("wiki"), Str("type"), Int("rev_id"), Str("page_title"), Time("created_at"),
            Int("page_id"), Int("namespace"), Int("parent_rev_id"), Time("rev_timestamp"), Str("editor"), Bool("editor_hidden"), Bool("editor_anonymous"),
            Int("size"), Int("parent_size"), Bool("minor"), Str("rev_tags")],
        [("editor", HideableKind.EditorName)]);

    private static readonly DumpTable ProposalsTable = new("proposals",
        [Int("id"), Int("artifact_id"), Str("facet"), Str("label"), Bool("preferred"), .. DumpTable.TextColumns("notes"), .. DumpTable.UserColumns("author"),
            Int("version"), Time("created_at"), Time("updated_at")],
        [("notes", HideableKind.Text), ("author", HideableKind.User)]);

    private static readonly DumpTable EndorsementsTable = new("endorsements",
        [Int("id"), Int("proposal_id"), Int("artifact_id"), Str("facet"), Str("origin"), .. DumpTable.TextColumns("comment"), .. DumpTable.UserColumns("user"),
            Time("created_at"), Time("updated_at")],
        [("comment", HideableKind.Text), ("user", HideableKind.User)]);

    private static readonly DumpTable CampaignsTable = new("campaigns",
        [Int("id"), Str("wiki"), Str("name"), Str("facet"), Str("view"), Int("labels_per_task"), Int("tasks_per_workset"), Bool("active"), Str("info_url"), Time("created_at")],
        []);

    private static readonly DumpTable TasksTable = new("campaign_tasks",
        [Int("id"), Int("campaign_id"), Int("artifact_id"), Int("position"), Str("data"), Bool("data_hidden")],
        [("data", HideableKind.TaskData)]);

    private static readonly DumpTable LabelsTable = new("campaign_labels",
        [Int("id"), Int("campaign_id"), Int("task_id"), Int("artifact_id"), .. DumpTable.UserColumns("user"), Str("answers"), Bool("complete"), Time("created_at"), Time("updated_at")],
        [("user", HideableKind.User)]);

    private static readonly DumpTable ThreadsTable = new("threads",
        [Int("id"), Int("artifact_id"), Str("subject"), Int("subject_id"), .. DumpTable.TextColumns("title"), .. DumpTable.UserColumns("author"),
            Time("created_at"), Time("last_activity_at"), Time("resolved_at")],
        [("title", HideableKind.Text), ("author", HideableKind.User)]);

    private static readonly DumpTable CommentsTable = new("comments",
        [Int("id"), Int("thread_id"), Int("parent_id"), .. DumpTable.TextColumns("text"), .. DumpTable.UserColumns("author"), Int("version"), Time("created_at"), Time("edited_at")],
        [("text", HideableKind.Text), ("author", HideableKind.User)]);

    private static readonly DumpTable ScoresTable = new("scores",
        [Int("id"), Str("wiki"), Str("model"), Str("model_version"), Int("rev_id"), Str("prediction"), Str("probabilities"), Str("error_type"), Str("source"), Time("fetched_at")],
        []);

    private static readonly DumpTable EventsTable = new("events",
        [Int("seq"), Str("type"), Time("at"), Str("audience"), .. DumpTable.UserColumns("actor"), .. DumpTable.UserColumns("subject"), Str("wiki"), Int("artifact_id"),
            Str("facet"), Int("proposal_id"), Int("endorsement_id"), Str("label"), Str("previous_label"), .. DumpTable.TextColumns("text"),
            .. DumpTable.TextColumns("previous_text"), Str("data"), Str("tags")],
        [("actor", HideableKind.User), ("subject", HideableKind.User), ("text", HideableKind.Text), ("previous_text", HideableKind.Text)]);

    private static readonly Definition[] Definitions =
    [
        new(ArtifactsTable, ReadArtifactsAsync),
        new(ProposalsTable, (db, _, after, limit, ct) => db.Proposals.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(limit)
            .Select(p => new object?[] { p.Id, p.ArtifactId, p.Facet, p.LabelData, p.Preferred, p.NotesTextId, null, null, p.AuthorId, null, null, p.Version, p.CreatedAt, p.UpdatedAt })
            .ToListAsync(ct)),
        new(EndorsementsTable, (db, _, after, limit, ct) => db.Endorsements.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Take(limit)
            .Select(e => new object?[] { e.Id, e.ProposalId, e.ArtifactId, e.Facet, e.Origin, e.CommentTextId, null, null, e.UserId, null, null, e.CreatedAt, e.UpdatedAt })
            .ToListAsync(ct)),
        new(CampaignsTable, async (db, _, after, limit, ct) => (await db.Campaigns.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(limit).ToListAsync(ct))
            .Select(c => new object?[] { c.Id, c.Wiki, c.Name, c.Facet, c.View.ToString().ToLowerInvariant(), (long)c.LabelsPerTask, (long)c.TasksPerWorkset, c.Active, c.InfoUrl, c.CreatedAt })
            .ToList()),
        new(TasksTable, (db, _, after, limit, ct) => db.CampaignTasks.AsNoTracking().Where(t => t.Id > after).OrderBy(t => t.Id).Take(limit)
            .Select(t => new object?[] { t.Id, t.CampaignId, t.ArtifactId, t.Position, t.Data, null })
            .ToListAsync(ct)),
        new(LabelsTable, (db, _, after, limit, ct) => db.CampaignLabels.AsNoTracking().Where(l => l.Id > after).OrderBy(l => l.Id).Take(limit)
            .Join(db.CampaignTasks, l => l.TaskId, t => t.Id, (l, t) => new object?[]
                { l.Id, l.CampaignId, l.TaskId, t.ArtifactId, l.UserId, null, null, l.Answers, l.Complete, l.CreatedAt, l.UpdatedAt })
            .ToListAsync(ct)),
        new(ThreadsTable, async (db, _, after, limit, ct) => (await db.Threads.AsNoTracking().Where(t => t.Id > after).OrderBy(t => t.Id).Take(limit).ToListAsync(ct))
            .Select(t => new object?[] { t.Id, t.ArtifactId, t.Subject.ToString().ToLowerInvariant(), t.SubjectId, t.TitleTextId, null, null, t.AuthorId, null, null,
                t.CreatedAt, t.LastActivityAt, t.ResolvedAt })
            .ToList()),
        new(CommentsTable, (db, _, after, limit, ct) => db.Comments.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(limit)
            .Select(c => new object?[] { c.Id, c.ThreadId, c.ParentId, c.TextId, null, null, c.AuthorId, null, null, (long)c.Version, c.CreatedAt, c.EditedAt })
            .ToListAsync(ct)),
        new(ScoresTable, (db, _, after, limit, ct) => db.Scores.AsNoTracking().Where(s => s.Id > after).OrderBy(s => s.Id).Take(limit)
            .Select(s => new object?[] { s.Id, s.Wiki, s.Model, s.ModelVersion, s.RevId, s.Prediction, s.Probabilities, s.ErrorType, s.Source, s.FetchedAt })
            .ToListAsync(ct)),
        new(EventsTable, ReadEventsAsync),
    ];

    public static IReadOnlyList<DumpTable> All { get; } = Definitions.Select(d => d.Table).ToList();

    public static DumpTable? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// The table's rows in key order, a page at a time, read in the caller's transaction (so every table matches one
    /// position of the feed). Values of hideable columns are not filled in yet: see <see cref="DumpRedactor"/>.
    /// </summary>
    public static async IAsyncEnumerable<List<object?[]>> PagesAsync(JadeDbContext db, DumpTable table, DumpKind kind, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var read = Definitions.Single(d => d.Table == table).Read;
        var after = long.MinValue;
        while (true)
        {
            var page = await read(db, kind, after, pageSize, cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }
            // Projections box what the query returns; the writers expect one CLR type per column type.
            foreach (var row in page)
            {
                Normalize(table, row);
            }
            // Taken before the caller sees the page: it may clear it once written.
            after = (long)page[^1][0]!;
            yield return page;
        }
    }

    /// <summary>How many rows each table will have (for progress), in the same transaction.</summary>
    public static async Task<long> CountAsync(JadeDbContext db, DumpKind kind, CancellationToken cancellationToken) =>
        await db.Artifacts.LongCountAsync(cancellationToken) + await db.Proposals.LongCountAsync(cancellationToken) + await db.Endorsements.LongCountAsync(cancellationToken)
        + await db.Campaigns.LongCountAsync(cancellationToken) + await db.CampaignTasks.LongCountAsync(cancellationToken) + await db.CampaignLabels.LongCountAsync(cancellationToken)
        + await db.Threads.LongCountAsync(cancellationToken) + await db.Comments.LongCountAsync(cancellationToken) + await db.Scores.LongCountAsync(cancellationToken)
        + await Events(db, kind).LongCountAsync(cancellationToken);

    private static IQueryable<StoredEvent> Events(JadeDbContext db, DumpKind kind) =>
        kind == DumpKind.Public ? db.Events.AsNoTracking().Where(e => e.Audience == EventAudience.Public) : db.Events.AsNoTracking();

    private static Task<List<object?[]>> ReadEventsAsync(JadeDbContext db, DumpKind kind, long after, int limit, CancellationToken cancellationToken) =>
        Events(db, kind).Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(limit)
            .Select(e => new object?[]
            {
                e.Seq, e.Type, e.At, e.Audience, e.ActorId, null, null, e.SubjectUserId, null, null, e.Wiki, e.ArtifactId, e.Facet, e.ProposalId, e.EndorsementId,
                e.LabelData, e.PreviousLabelData, e.TextId, null, null, e.PreviousTextId, null, null, e.Data, e.Tags,
            })
            .ToListAsync(cancellationToken);

    private static async Task<List<object?[]>> ReadArtifactsAsync(JadeDbContext db, DumpKind kind, long after, int limit, CancellationToken cancellationToken)
    {
        var artifacts = await db.Artifacts.AsNoTracking().Where(a => a.Id > after).OrderBy(a => a.Id).Take(limit).ToListAsync(cancellationToken);
        // The wiki's metadata as cached here (read from the wiki for the artifact pages and campaigns): what queries join on.
        var byWiki = artifacts.GroupBy(a => a.Wiki);
        var cached = new Dictionary<(string, long), WikiContent.CachedRevision>();
        foreach (var wiki in byWiki)
        {
            var revIds = wiki.Select(a => a.RevId).ToList();
            foreach (var revision in await db.Set<WikiContent.CachedRevision>().AsNoTracking().Where(r => r.Wiki == wiki.Key && revIds.Contains(r.RevId)).ToListAsync(cancellationToken))
            {
                cached[(revision.Wiki, revision.RevId)] = revision;
            }
        }
        return artifacts.Select(a =>
        {
            var r = cached.GetValueOrDefault((a.Wiki, a.RevId));
            return new object?[]
            {
                a.Id, a.Wiki, ArtifactKey.TypeName(a.Type), a.RevId, a.PageTitle ?? r?.Title, a.CreatedAt,
                r?.PageId, r is null ? null : (long)r.Namespace, r?.ParentId, r?.Timestamp, r?.User, r?.UserHidden, r?.Anonymous, r?.Size, r?.ParentSize, r?.Minor,
                r is null || r.Tags.Length == 0 ? null : r.Tags,
            };
        }).ToList();
    }

    private static void Normalize(DumpTable table, object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (table.Columns[i].Type, row[i]) switch
            {
                (_, null) => null,
                (DumpType.Int64, int value) => (long)value,
                (DumpType.Int64, long value) => value,
                (DumpType.Text, Enum value) => ToName(value),
                (DumpType.Text, string value) => value,
                (DumpType.Boolean, bool value) => value,
                (DumpType.Double, double value) => value,
                (DumpType.Timestamp, DateTimeOffset value) => value.ToUniversalTime(),
                var (type, value) => throw new InvalidOperationException($"{table.Name}.{table.Columns[i].Name}: a {value.GetType().Name} for a {type} column."),
            };
        }
    }

    /// <summary>Enum values as the API names them: lower camel case (e.g. <c>proposalCreated</c>).</summary>
    private static string ToName(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
