using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JadeStudio.Core.Events;

/// <summary>
/// SQLite: EF Core's SQL and parameters for the query (<c>CreateDbCommand</c>), stepped through SQLite's own API
/// (<see cref="RawStatement"/>). Microsoft.Data.Sqlite's reader makes three or four native calls per column (bounds,
/// type, value), EF Core's materialiser asks each nullable column twice; this reads a column's type once and its value
/// once. Conversions are the model's own (<see cref="StoredEvent.Type"/> as text, <see cref="StoredEvent.At"/> as binary).
/// </summary>
public sealed class SqliteEventReads : IEventReads
{
    public async Task<List<StoredEvent>> ToListAsync(JadeDbContext db, IQueryable<StoredEvent> query, CancellationToken cancellationToken = default)
    {
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var statement = new RawStatement((SqliteConnection)db.Database.GetDbConnection(), command.CommandText)
                .Bind(command.Parameters.Cast<SqliteParameter>().Select(p => KeyValuePair.Create(SqlName(p.ParameterName), p.Value == DBNull.Value ? null : p.Value)));
            var columns = new Columns(statement, Conversions.Of(db));
            var rows = new List<StoredEvent>();
            statement.ForEachRow(row => rows.Add(columns.Read(row)), cancellationToken);
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The three lookups as the PostgreSQL store writes them (its ids as one array: here a JSON array read by
    /// <c>json_each</c>, as EF Core binds a list), each row read by ordinal through SQLite's own API: through EF Core
    /// they cost a page about as much as its own events.
    /// </summary>
    public async Task<EventLookups> LookUpAsync(JadeDbContext db, EventLookupIds ids, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var texts = new Dictionary<long, StoredText>(ids.Texts.Count);
            ById(connection, """SELECT "Id", "Content", "Visibility" FROM texts WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Texts,
                row => texts[row.Int64(0)] = new StoredText { Id = row.Int64(0), Content = row.Text(1)!, Visibility = (FieldVisibility)row.Int64(2) },
                cancellationToken);
            var users = new Dictionary<long, EventUser>(ids.Users.Count);
            ById(connection, """SELECT "Id", "Name", "Hidden" FROM users WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Users,
                row => users[row.Int64(0)] = new EventUser(row.Text(1)!, row.Int64(2) != 0), cancellationToken);
            var artifacts = new Dictionary<long, ArtifactKey>(ids.Artifacts.Count);
            var typeOf = EventLookups.ArtifactTypeConversion(db);
            ById(connection, """SELECT "Id", "Wiki", "Type", "RevId" FROM artifacts WHERE "Id" IN (SELECT value FROM json_each($ids))""", ids.Artifacts,
                row => artifacts[row.Int64(0)] = new ArtifactKey(row.Text(1)!, typeOf(row.Text(2)!), row.Int64(3)), cancellationToken);
            return new(texts, users, artifacts);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void ById(SqliteConnection connection, string sql, List<long> ids, Action<RawStatement> read, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        using var statement = new RawStatement(connection, sql).Bind("$ids", "[" + string.Join(',', ids) + "]");
        statement.ForEachRow(read, cancellationToken);
    }

    /// <summary>EF Core names its parameters with their prefix; a bare name is written with <c>@</c>.</summary>
    private static string SqlName(string name) => name.Length > 0 && name[0] is '@' or '$' or ':' ? name : "@" + name;

    /// <summary>The model's converters for the two columns not stored as they are read.</summary>
    private sealed record Conversions(Func<string, EventType> Type, Func<long, DateTimeOffset> At)
    {
        public static Conversions Of(JadeDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(StoredEvent))!;
            ValueConverter Converter(string property) => entity.FindProperty(property)!.GetTypeMapping().Converter
                ?? throw new InvalidOperationException($"{nameof(StoredEvent)}.{property} has no converter in the model.");
            return new(
                ((ValueConverter<EventType, string>)Converter(nameof(StoredEvent.Type))).ConvertFromProviderTyped,
                ((ValueConverter<DateTimeOffset, long>)Converter(nameof(StoredEvent.At))).ConvertFromProviderTyped);
        }
    }

    /// <summary>Each property's column in the statement, found by name once per page.</summary>
    private sealed class Columns
    {
        private readonly Conversions _conversions;
        private readonly int _seq, _type, _at, _actorId, _actorVisibility, _subjectVisibility, _audience, _wiki, _artifactId, _facet,
            _proposalId, _endorsementId, _subjectUserId, _labelData, _previousLabelData, _textId, _previousTextId, _data, _tags;

        public Columns(RawStatement statement, Conversions conversions)
        {
            _conversions = conversions;
            var names = statement.ColumnNames();
            int Of(string property) => names.IndexOf(property) is >= 0 and var index ? index
                : throw new InvalidOperationException($"The events query does not select {property}.");
            (_seq, _type, _at, _actorId, _actorVisibility, _subjectVisibility, _audience) = (Of(nameof(StoredEvent.Seq)), Of(nameof(StoredEvent.Type)),
                Of(nameof(StoredEvent.At)), Of(nameof(StoredEvent.ActorId)), Of(nameof(StoredEvent.ActorVisibility)), Of(nameof(StoredEvent.SubjectVisibility)),
                Of(nameof(StoredEvent.Audience)));
            (_wiki, _artifactId, _facet, _proposalId, _endorsementId, _subjectUserId) = (Of(nameof(StoredEvent.Wiki)), Of(nameof(StoredEvent.ArtifactId)),
                Of(nameof(StoredEvent.Facet)), Of(nameof(StoredEvent.ProposalId)), Of(nameof(StoredEvent.EndorsementId)), Of(nameof(StoredEvent.SubjectUserId)));
            (_labelData, _previousLabelData, _textId, _previousTextId, _data, _tags) = (Of(nameof(StoredEvent.LabelData)), Of(nameof(StoredEvent.PreviousLabelData)),
                Of(nameof(StoredEvent.TextId)), Of(nameof(StoredEvent.PreviousTextId)), Of(nameof(StoredEvent.Data)), Of(nameof(StoredEvent.Tags)));
            if (names.Count != ColumnsRead)
            {
                // A property added to StoredEvent must be read here too, or the feed would drop it silently.
                throw new InvalidOperationException($"The events query selects {names.Count} columns ({string.Join(", ", names)}); this reader reads {ColumnsRead}.");
            }
        }

        /// <summary>How many columns <see cref="Read(RawStatement)"/> reads.</summary>
        private const int ColumnsRead = 19;

        public StoredEvent Read(RawStatement row) => new()
        {
            Seq = row.Int64(_seq),
            Type = _conversions.Type(row.Text(_type)!),
            At = _conversions.At(row.Int64(_at)),
            ActorId = row.NullableInt64(_actorId),
            ActorVisibility = (FieldVisibility)row.Int64(_actorVisibility),
            SubjectVisibility = (FieldVisibility)row.Int64(_subjectVisibility),
            Audience = (EventAudience)row.Int64(_audience),
            Wiki = row.Text(_wiki),
            ArtifactId = row.NullableInt64(_artifactId),
            Facet = row.Text(_facet),
            ProposalId = row.NullableInt64(_proposalId),
            EndorsementId = row.NullableInt64(_endorsementId),
            SubjectUserId = row.NullableInt64(_subjectUserId),
            LabelData = row.Text(_labelData),
            PreviousLabelData = row.Text(_previousLabelData),
            TextId = row.NullableInt64(_textId),
            PreviousTextId = row.NullableInt64(_previousTextId),
            Data = row.Text(_data),
            Tags = row.Text(_tags),
        };
    }
}
