using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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

    /// <summary>The texts, users' names and artifacts' keys these events point at, unredacted (the caller redacts). Both stores read them by hand-written SQL of the same three lookups, row by ordinal.</summary>
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

    /// <summary>The model's own conversion of an artifact's stored type name, for a store reading the column itself.</summary>
    public static Func<string, ArtifactType> ArtifactTypeConversion(JadeDbContext db) =>
        ((ValueConverter<ArtifactType, string>)db.Model.FindEntityType(typeof(Artifact))!.FindProperty(nameof(Artifact.Type))!.GetTypeMapping().Converter!)
            .ConvertFromProviderTyped;
}
