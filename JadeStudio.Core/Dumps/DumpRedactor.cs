using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Dumps;

/// <summary>One value a public dump no longer carries: the row (by its key) and the field (a hideable's prefix).</summary>
public sealed record RedactedField(string Table, long Key, string Field);

/// <summary>
/// Decides, from the store's current state, which hideable values of a page of dump rows an anonymous reader may not
/// see: by the same rules the pages and the feed apply (<see cref="Redaction"/>, <see cref="HiddenAccounts"/>), looked up
/// by the ids the rows carry. The same decision serves a new dump and the rewriting of an older one, whose rows come
/// from its own files.
/// </summary>
public static class DumpRedactor
{
    private static readonly IReadOnlySet<Right> Anonymous = new HashSet<Right>();

    /// <summary>Puts the texts and user names into freshly read rows (readers fill only their ids).</summary>
    public static async Task FillAsync(JadeDbContext db, DumpTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var texts = table.Hideables.Where(h => h.Kind == HideableKind.Text).ToList();
        var users = table.Hideables.Where(h => h.Kind == HideableKind.User).ToList();
        if (texts.Count > 0)
        {
            var ids = rows.SelectMany(r => texts.Select(h => r[h.Id])).OfType<long>().Distinct().ToList();
            var contents = await db.Texts.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Content, cancellationToken);
            Fill(rows, texts, contents);
        }
        if (users.Count > 0)
        {
            var ids = rows.SelectMany(r => users.Select(h => r[h.Id])).OfType<long>().Distinct().ToList();
            var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            Fill(rows, users, names);
        }
        foreach (var row in rows)
        {
            foreach (var hideable in table.Hideables.Where(h => h.Kind is HideableKind.Text or HideableKind.User or HideableKind.TaskData))
            {
                row[hideable.Hidden] = false;
            }
            foreach (var hideable in table.Hideables.Where(h => h.Kind == HideableKind.EditorName))
            {
                row[hideable.Hidden] ??= false;
            }
        }
    }

    private static void Fill(List<object?[]> rows, List<Hideable> hideables, Dictionary<long, string> values)
    {
        foreach (var row in rows)
        {
            foreach (var hideable in hideables)
            {
                row[hideable.Value] = row[hideable.Id] is long id ? values.GetValueOrDefault(id) : null;
            }
        }
    }

    /// <summary>
    /// Flags every value hidden from anonymous readers (<c>X_hidden</c>); with <paramref name="remove"/> (public dumps)
    /// also takes it out, with a user's id. Returns the values that were there and are taken out now.
    /// </summary>
    public static async Task<List<RedactedField>> RedactAsync(JadeDbContext db, DumpTable table, List<object?[]> rows, bool remove, CancellationToken cancellationToken)
    {
        var removed = new List<RedactedField>();
        foreach (var hideable in table.Hideables)
        {
            var hidden = await HiddenRowsAsync(db, table, hideable, rows, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (hideable.Kind == HideableKind.TaskData)
                {
                    var redacted = TaskDataNames.Redact(row[hideable.Value] as string, hidden.Names);
                    if (redacted != (string?)row[hideable.Value])
                    {
                        row[hideable.Hidden] = true;
                        if (remove)
                        {
                            row[hideable.Value] = redacted;
                            removed.Add(new RedactedField(table.Name, (long)row[0]!, hideable.Field));
                        }
                    }
                    continue;
                }
                if (!hidden.Rows.Contains(i))
                {
                    continue;
                }
                row[hideable.Hidden] = true;
                if (!remove)
                {
                    continue;
                }
                if (row[hideable.Value] is not null)
                {
                    removed.Add(new RedactedField(table.Name, (long)row[0]!, hideable.Field));
                }
                row[hideable.Value] = null;
                if (hideable.Kind == HideableKind.User)
                {
                    // A hidden user has neither name nor id (Redaction.User).
                    row[hideable.Id] = null;
                }
            }
        }
        return removed;
    }

    private sealed record HiddenSet(HashSet<int> Rows, IReadOnlySet<string> Names);

    private static async Task<HiddenSet> HiddenRowsAsync(JadeDbContext db, DumpTable table, Hideable hideable, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var none = new HashSet<string>();
        switch (hideable.Kind)
        {
            case HideableKind.Text:
                {
                    var ids = rows.Select(r => r[hideable.Id]).OfType<long>().Distinct().ToList();
                    var hidden = (await db.Texts.AsNoTracking().Where(t => ids.Contains(t.Id) && t.Visibility != FieldVisibility.Visible).Select(t => t.Id)
                        .ToListAsync(cancellationToken)).ToHashSet();
                    return new HiddenSet(Indexes(rows, r => r[hideable.Id] is long id && hidden.Contains(id)), none);
                }
            case HideableKind.User:
                {
                    var ids = rows.Select(r => r[hideable.Id]).OfType<long>().Distinct().ToList();
                    var hiddenAccounts = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.Hidden).Select(u => u.Id)
                        .ToListAsync(cancellationToken)).ToHashSet();
                    var onItem = await HiddenOnItemAsync(db, table, hideable, rows, cancellationToken);
                    return new HiddenSet(Indexes(rows, r => r[hideable.Id] is long id && (hiddenAccounts.Contains(id) || onItem.Contains((Key(r), id)))), none);
                }
            case HideableKind.EditorName:
                {
                    var names = await HiddenAccounts.AmongAsync(db, rows.Select(r => r[hideable.Value]).OfType<string>(), Anonymous, cancellationToken);
                    return new HiddenSet(Indexes(rows, r => r[hideable.Value] is string name && names.Contains(name)), none);
                }
            case HideableKind.TaskData:
                return new HiddenSet([], await TaskDataNames.HiddenAmongAsync(db, rows.Select(r => r[hideable.Value] as string), Anonymous, cancellationToken));
            default:
                throw new ArgumentOutOfRangeException(nameof(hideable), hideable.Kind, null);
        }
    }

    private static long Key(object?[] row) => (long)row[0]!;

    /// <summary>
    /// The artifacts of a page of rows: an item's events carry its artifact, and asking by artifact reads the few events
    /// whose performer is hidden through their own index (IX_events_hidden_actor). Asked by proposal or endorsement alone,
    /// SQLite walked every event with a performer, about a second per page of a thousand rows on a million events.
    /// </summary>
    private static List<long> ArtifactsOf(DumpTable table, List<object?[]> rows)
    {
        var column = table["artifact_id"];
        return rows.Select(r => r[column]).OfType<long>().Distinct().ToList();
    }

    private static HashSet<int> Indexes(List<object?[]> rows, Func<object?[], bool> hidden) =>
        Enumerable.Range(0, rows.Count).Where(i => hidden(rows[i])).ToHashSet();

    /// <summary>
    /// (row key, user id) pairs whose user is hidden on the item itself (not as an account). An item that no longer
    /// exists (a retracted judgment, in an older dump) is judged by its events: hiding a name hides it on them too.
    /// </summary>
    private static async Task<HashSet<(long Key, long User)>> HiddenOnItemAsync(JadeDbContext db, DumpTable table, Hideable hideable, List<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var keys = rows.Select(Key).ToList();
        var hiddenEvents = db.Events.AsNoTracking().Where(e => e.ActorVisibility != FieldVisibility.Visible && e.ActorId != null);
        switch (table.Name, hideable.Prefix)
        {
            case ("proposals", "author"):
                {
                    var onRows = await db.Proposals.AsNoTracking().Where(p => keys.Contains(p.Id) && p.AuthorVisibility != FieldVisibility.Visible)
                        .Select(p => new { p.Id, p.AuthorId }).ToListAsync(cancellationToken);
                    var artifacts = ArtifactsOf(table, rows);
                    var onEvents = await hiddenEvents.Where(e => e.ArtifactId != null && artifacts.Contains(e.ArtifactId.Value) && e.ProposalId != null && keys.Contains(e.ProposalId.Value))
                        .Select(e => new { Id = e.ProposalId!.Value, AuthorId = e.ActorId!.Value }).ToListAsync(cancellationToken);
                    return onRows.Concat(onEvents).Select(p => (p.Id, p.AuthorId)).ToHashSet();
                }
            case ("endorsements", "user"):
                {
                    var onRows = await db.Endorsements.AsNoTracking().Where(e => keys.Contains(e.Id) && e.UserVisibility != FieldVisibility.Visible)
                        .Select(e => new { e.Id, e.UserId }).ToListAsync(cancellationToken);
                    var artifacts = ArtifactsOf(table, rows);
                    var onEvents = await hiddenEvents.Where(e => e.ArtifactId != null && artifacts.Contains(e.ArtifactId.Value) && e.EndorsementId != null && keys.Contains(e.EndorsementId.Value))
                        .Select(e => new { Id = e.EndorsementId!.Value, UserId = e.ActorId!.Value }).ToListAsync(cancellationToken);
                    return onRows.Concat(onEvents).Select(e => (e.Id, e.UserId)).ToHashSet();
                }
            case ("threads", "author"):
                return (await db.Threads.AsNoTracking().Where(t => keys.Contains(t.Id) && t.AuthorVisibility != FieldVisibility.Visible)
                    .Select(t => new { t.Id, t.AuthorId }).ToListAsync(cancellationToken)).Select(t => (t.Id, t.AuthorId)).ToHashSet();
            case ("comments", "author"):
                return (await db.Comments.AsNoTracking().Where(c => keys.Contains(c.Id) && c.AuthorVisibility != FieldVisibility.Visible)
                    .Select(c => new { c.Id, c.AuthorId }).ToListAsync(cancellationToken)).Select(c => (c.Id, c.AuthorId)).ToHashSet();
            case ("campaign_labels", "user"):
                {
                    // A label is the same act as the judgment it made on the artifact (as in campaign exports).
                    var artifactColumn = table["artifact_id"];
                    var artifacts = ArtifactsOf(table, rows);
                    var hidden = (await hiddenEvents.Where(e => e.ArtifactId != null && artifacts.Contains(e.ArtifactId.Value))
                        .Select(e => new { Artifact = e.ArtifactId!.Value, User = e.ActorId!.Value }).Distinct().ToListAsync(cancellationToken)).Select(h => (h.Artifact, h.User)).ToHashSet();
                    return rows.Where(r => r[artifactColumn] is long a && r[hideable.Id] is long u && hidden.Contains((a, u))).Select(r => (Key(r), (long)r[hideable.Id]!)).ToHashSet();
                }
            case ("events", "actor"):
                return (await db.Events.AsNoTracking().Where(e => keys.Contains(e.Seq) && e.ActorVisibility != FieldVisibility.Visible && e.ActorId != null)
                    .Select(e => new { e.Seq, User = e.ActorId!.Value }).ToListAsync(cancellationToken)).Select(e => (e.Seq, e.User)).ToHashSet();
            case ("events", "subject"):
                return (await db.Events.AsNoTracking().Where(e => keys.Contains(e.Seq) && e.SubjectVisibility != FieldVisibility.Visible && e.SubjectUserId != null)
                    .Select(e => new { e.Seq, User = e.SubjectUserId!.Value }).ToListAsync(cancellationToken)).Select(e => (e.Seq, e.User)).ToHashSet();
            default:
                throw new InvalidOperationException($"No rule for the user in {table.Name}.{hideable.Prefix}.");
        }
    }
}
