using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JadeStudio.Core.Events;

/// <summary>One row of an events query as a store's own reader gives it: each value read once, by its column's position.</summary>
public interface IEventRow
{
    long Int64(int column);

    long? NullableInt64(int column);

    /// <summary>A text column's value, or null.</summary>
    string? Text(int column);
}

/// <summary>
/// Reads <see cref="StoredEvent"/>s from the rows of EF Core's own events query (its SQL, run by a store's reader),
/// without EF Core's materialiser: each property's column found by name once per page, each value converted by the
/// model's own converters (<see cref="StoredEvent.Type"/> as text, <see cref="StoredEvent.At"/> as binary).
/// A column the query selects that this does not read stops it with an error rather than going missing.
/// </summary>
public sealed class StoredEventColumns
{
    private readonly Func<string, EventType> _type;
    private readonly Func<long, DateTimeOffset> _at;
    private readonly int _seq, _typeColumn, _atColumn, _actorId, _actorVisibility, _subjectVisibility, _audience, _wiki, _artifactId, _facet,
        _proposalId, _endorsementId, _subjectUserId, _labelData, _previousLabelData, _textId, _previousTextId, _data, _tags;

    /// <summary>How many columns <see cref="Read{TRow}"/> reads.</summary>
    private const int ColumnsRead = 19;

    public StoredEventColumns(JadeDbContext db, IReadOnlyList<string> names)
    {
        var entity = db.Model.FindEntityType(typeof(StoredEvent))!;
        ValueConverter Converter(string property) => entity.FindProperty(property)!.GetTypeMapping().Converter
            ?? throw new InvalidOperationException($"{nameof(StoredEvent)}.{property} has no converter in the model.");
        _type = ((ValueConverter<EventType, string>)Converter(nameof(StoredEvent.Type))).ConvertFromProviderTyped;
        _at = ((ValueConverter<DateTimeOffset, long>)Converter(nameof(StoredEvent.At))).ConvertFromProviderTyped;

        var positions = names.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        int Of(string property) => positions.TryGetValue(property, out var index) ? index
            : throw new InvalidOperationException($"The events query does not select {property}.");
        (_seq, _typeColumn, _atColumn, _actorId, _actorVisibility, _subjectVisibility, _audience) = (Of(nameof(StoredEvent.Seq)), Of(nameof(StoredEvent.Type)),
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

    public StoredEvent Read<TRow>(TRow row) where TRow : IEventRow => new()
    {
        Seq = row.Int64(_seq),
        Type = _type(row.Text(_typeColumn)!),
        At = _at(row.Int64(_atColumn)),
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
