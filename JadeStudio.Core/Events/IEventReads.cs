using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Events;

/// <summary>
/// Reads the rows of a feed page and what they point at. The query — which events, for whom
/// (<see cref="EventAudiences.ReadableBy"/>), in what order — is always EF Core's; a store only chooses how its rows
/// become <see cref="StoredEvent"/>s, and how a page's texts, names and keys are fetched. A catch-up reads a million
/// rows: on SQLite EF Core's data reader was three quarters of a page's fetch (<see cref="SqliteEventReads"/>), on
/// PostgreSQL the lookups' three round trips were.
/// </summary>
public interface IEventReads
{
    Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default);

    /// <summary>The texts, users' names and artifacts' keys these events point at, unredacted (the caller redacts).</summary>
    Task<EventLookups> LookUpAsync(JadeDbContext db, EventLookupIds ids, CancellationToken cancellationToken = default);
}

/// <summary>The distinct texts, users and artifacts a page of events points at.</summary>
public sealed record EventLookupIds(List<long> Texts, List<long> Users, List<long> Artifacts)
{
    public static EventLookupIds Of(IReadOnlyCollection<StoredEvent> rows) => new(
        rows.SelectMany(e => new[] { e.TextId, e.PreviousTextId }).OfType<long>().Distinct().ToList(),
        rows.SelectMany(e => new[] { e.ActorId, e.SubjectUserId }).OfType<long>().Distinct().ToList(),
        rows.Select(e => e.ArtifactId).OfType<long>().Distinct().ToList());

    public bool IsEmpty => Texts.Count == 0 && Users.Count == 0 && Artifacts.Count == 0;
}

/// <summary>An account's name and whether the whole account is hidden, as an event's reader needs them.</summary>
public sealed record EventUser(string Name, bool Hidden);

/// <summary>What a page of events points at, by id; an id missing from a map was not found.</summary>
public sealed record EventLookups(Dictionary<long, StoredText> Texts, Dictionary<long, EventUser> Users, Dictionary<long, ArtifactKey> Artifacts)
{
    public static readonly EventLookups None = new([], [], []);

    /// <summary>EF Core's three queries (SQLite: a round trip is a call into the same process).</summary>
    public static async Task<EventLookups> ReadAsync(JadeDbContext db, EventLookupIds ids, CancellationToken cancellationToken)
    {
        // Ids travel as one parameter (EF.Parameter: a JSON array read by json_each on SQLite, an array on PostgreSQL):
        // the statement stays the same from page to page of a catch-up instead of being new SQL, parsed and planned again.
        var (textIds, userIds, artifactIds) = (ids.Texts, ids.Users, ids.Artifacts);
        var texts = textIds.Count == 0 ? [] : await db.Texts.Where(t => EF.Parameter(textIds).Contains(t.Id)).AsNoTracking().ToDictionaryAsync(t => t.Id, cancellationToken);
        // Names and keys only: a page names up to 2,000 users and 1,000 artifacts, and their other columns (an account's
        // settings, an artifact's upload data) would be read and thrown away for every page of a catch-up.
        var users = userIds.Count == 0 ? [] : await db.Users.Where(u => EF.Parameter(userIds).Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.Hidden }).ToDictionaryAsync(u => u.Id, u => new EventUser(u.Name, u.Hidden), cancellationToken);
        var artifacts = artifactIds.Count == 0 ? [] : await db.Artifacts.Where(a => EF.Parameter(artifactIds).Contains(a.Id))
            .Select(a => new { a.Id, Key = new ArtifactKey(a.Wiki, a.Type, a.RevId) }).ToDictionaryAsync(a => a.Id, a => a.Key, cancellationToken);
        return new(texts, users, artifacts);
    }
}
