using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Web.Api;

// The API's documented JSON shapes. Field names are part of the public interface: add, never rename.

/// <summary>What a request created, by its id (an oversight request, whose content its requester may not read back).</summary>
public sealed record CreatedDto(long Id);

/// <summary>A user on an item; when hidden from the reader only <c>hidden: true</c> remains.</summary>
public sealed record UserDto(long? Id, string? Name, bool Hidden);

public sealed record EndorsementDto(UserDto User, string? Comment, bool CommentHidden, string Origin, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Etag);

public sealed record ProposalDto(long Id, string Artifact, string Facet, JsonElement Labeldata, string? Notes, bool NotesHidden, UserDto Author, bool Preferred,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Etag, IReadOnlyList<EndorsementDto> Endorsements);

public sealed record FacetDto(string Facet, IReadOnlyList<ProposalDto> Proposals);

public sealed record ArtifactDto(string Id, string Wiki, string Type, long RevId, string? PageTitle, bool Demo, string Url, string Etag, IReadOnlyList<FacetDto> Facets,
    RevisionDto Revision);

/// <summary>
/// What the wiki says the revision is, from JadeStudio's cache (the API never waits for a wiki). <c>cached</c> false:
/// not read yet (it is asked for in the background) — the other fields are absent. A part hidden on the wiki, or an
/// editor whose account is hidden here, has its flag set and no value.
/// </summary>
public sealed record RevisionDto(bool Cached, string? Title = null, string? User = null, bool UserHidden = false, DateTimeOffset? Timestamp = null, string? Comment = null,
    bool CommentHidden = false, long? SizeChange = null, IReadOnlyList<string>? Tags = null, bool Minor = false, bool TextHidden = false);

public sealed record EventDto(string Cursor, string Type, DateTimeOffset At, UserDto? Actor, UserDto? Subject, string? Wiki, string? Artifact, string? Facet,
    long? ProposalId, long? EndorsementId, StoredJson? Labeldata, StoredJson? PreviousLabeldata, string? Text, bool TextHidden, string? PreviousText, bool PreviousTextHidden, StoredJson? Data,
    IReadOnlyList<string>? Tags = null);

/// <summary>
/// JSON the app itself stored (canonical label data, event details), written into responses as it is: the
/// feed serves a million events at a time, and parsing each value only to write it again is its largest cost.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(StoredJsonConverter))]
public readonly record struct StoredJson(string Raw)
{
    public static StoredJson? Of(string? raw) => raw is null ? null : new StoredJson(raw);
}

public sealed class StoredJsonConverter : System.Text.Json.Serialization.JsonConverter<StoredJson>
{
    public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new StoredJson(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Raw, skipInputValidation: true);
}

public sealed record EventPageDto(IReadOnlyList<EventDto> Events, string Next);

/// <summary>A newest-first list; <see cref="Next"/> is the cursor for older rows, null when none are left.</summary>
public sealed record ChangePageDto(IReadOnlyList<EventDto> Events, string? Next);

public sealed record OutcomeDto(string Result, string Artifact, long? ProposalId, IReadOnlyList<string> Warnings, string? Etag);

public sealed record CommentDto(long Id, long? ParentId, UserDto Author, string? Text, bool TextHidden, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, string Etag,
    IReadOnlyList<CommentRevisionDto> History, IReadOnlyList<CommentDto> Replies);

public sealed record CommentRevisionDto(DateTimeOffset ReplacedAt, string? Text, bool TextHidden);

public sealed record ThreadDto(long Id, string Artifact, string? Title, bool TitleHidden, UserDto Author, string Subject, long? SubjectId, DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt, DateTimeOffset? ResolvedAt, UserDto? ResolvedBy, IReadOnlyList<CommentDto> Comments);

public sealed record WikiDto(string Id, string Language, string BaseUrl, IReadOnlyList<string> Facets);

public sealed record SchemaValueDto(JsonElement Value, string Message);

public sealed record SchemaDto(string Id, int Version, string Kind, IReadOnlyList<string> EntityTypes, string Message, IReadOnlyList<SchemaValueDto> Values, IReadOnlyDictionary<string, IReadOnlyList<SchemaValueDto>> WikiValues);

public sealed record FacetDefinitionDto(string Id, string EntityType, IReadOnlyList<string> Schemas, string Message);

public sealed record SchemasDto(IReadOnlyList<SchemaDto> Schemas, IReadOnlyList<FacetDefinitionDto> Facets);

// Request bodies. `required` members must be present; unknown members are refused (ApiJson.Input).

public sealed class ProposeBody
{
    /// <summary>e.g. <c>editquality</c>.</summary>
    public required string Facet { get; init; }

    /// <summary>e.g. <c>{"damaging": false, "goodfaith": true}</c>.</summary>
    public required JsonElement Labeldata { get; init; }

    public string? Notes { get; init; }

    /// <summary>The endorsement's comment.</summary>
    public string? Comment { get; init; }
}

public sealed class NotesBody
{
    /// <summary>The new notes; null or blank removes them.</summary>
    public required string? Notes { get; init; }
}

public sealed class NewThreadBody
{
    public required string Title { get; init; }

    public required string Text { get; init; }

    /// <summary>artifact (default), proposal, endorsement or score.</summary>
    public string? Subject { get; init; }

    public long? SubjectId { get; init; }
}

public sealed class ReplyBody
{
    public required string Text { get; init; }

    /// <summary>The comment answered; absent answers the thread.</summary>
    public long? ParentId { get; init; }
}

public sealed class TextBody
{
    public required string Text { get; init; }
}

public sealed class ResolvedBody
{
    public required bool Resolved { get; init; }
}

public sealed class CommentBody
{
    public string? Comment { get; init; }
}

public static class ApiModels
{
    public static UserDto User(RedactedUser user) => user.Hidden ? new UserDto(null, null, true) : new UserDto(user.Id, user.Name, false);


    public static string ProposalETag(long id, int version) => $"\"p{id}.{version}\"";

    public static string EndorsementETag(long id, int version) => $"\"e{id}.{version}\"";

    public static ArtifactDto Artifact(ArtifactView view, string etag) => new(
        view.Key.ToString(), view.Key.Wiki, ArtifactKey.TypeName(view.Key.Type), view.Key.RevId, view.Stored?.PageTitle ?? view.Revision?.Title, view.Stored?.IsDemo == true,
        view.WikiUrl, etag,
        view.Facets.Select(f => new FacetDto(f.Facet.Id, f.Proposals.Select(p => Proposal(view.Key, f.Facet.Id, p)).ToList())).ToList(),
        view.Revision is { } r
            ? new RevisionDto(true, r.Title, r.User, r.Hidden.User, r.Timestamp, r.Comment, r.Hidden.Comment, r.SizeChange, r.Tags, r.Minor, r.Hidden.Text)
            : new RevisionDto(false));

    public static ProposalDto Proposal(ArtifactKey artifact, string facet, ProposalView p) => new(
        p.Id, artifact.ToString(), facet, Json(p.LabelData)!.Value, p.Notes.Value, p.Notes.Hidden, User(p.Author), p.Preferred, p.CreatedAt, p.UpdatedAt,
        ProposalETag(p.Id, p.Version),
        p.Endorsements.Select(e => new EndorsementDto(User(e.User), e.Comment.Value, e.Comment.Hidden, e.Origin, e.CreatedAt, e.UpdatedAt, EndorsementETag(e.Id, e.Version))).ToList());

    public static readonly IReadOnlyDictionary<EventType, string> EventTypeNames = Enum.GetValues<EventType>().ToDictionary(t => t, t => ApiProblem.Camel(t.ToString()));

    public static EventDto Event(FeedEvent e) => new(
        e.Cursor, EventTypeNames[e.Type], e.At,
        e.Actor is null ? null : User(e.Actor), e.Subject is null ? null : User(e.Subject),
        e.Wiki, e.Artifact?.ToString(), e.Facet, e.ProposalId, e.EndorsementId,
        StoredJson.Of(e.LabelData), StoredJson.Of(e.PreviousLabelData),
        e.Text.Value, e.Text.Hidden, e.PreviousText.Value, e.PreviousText.Hidden, StoredJson.Of(e.Data),
        e.Tags?.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static OutcomeDto Outcome(ArtifactKey artifact, JudgmentOutcome outcome, string? etag = null) => new(
        ApiProblem.Camel(outcome.Kind.ToString()), artifact.ToString(), outcome.ProposalId,
        outcome.Warnings.Select(w => ApiProblem.Camel(w.ToString())).ToList(), etag);

    public static string CommentETag(long id, int version) => $"\"c{id}.{version}\"";

    public static string Subject(ThreadSubject subject) => subject.ToString().ToLowerInvariant();

    public static ThreadDto Thread(ThreadView t) => new(
        t.Id, t.Artifact.ToString(), t.Title.Value, t.Title.Hidden, User(t.Author), Subject(t.Subject), t.SubjectId, t.CreatedAt, t.LastActivityAt,
        t.ResolvedAt, t.ResolvedBy is null ? null : User(t.ResolvedBy), t.Posts.Select(Comment).ToList());

    private static CommentDto Comment(CommentView c) => new(
        c.Id, c.ParentId, User(c.Author), c.Text.Value, c.Text.Hidden, c.CreatedAt, c.EditedAt, CommentETag(c.Id, c.Version),
        c.History.Select(h => new CommentRevisionDto(h.ReplacedAt, h.Text.Value, h.Text.Hidden)).ToList(), c.Replies.Select(Comment).ToList());

    public static WikiDto Wiki(Wiki wiki) => new(wiki.Id, wiki.Language, wiki.BaseUrl, wiki.Facets);

    public static SchemasDto Schemas(SchemaCatalog catalog) => new(
        catalog.Schemas.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new SchemaDto(
            s.Id, s.Version, ApiProblem.Camel(s.Kind.ToString()), s.EntityTypes.Select(ArtifactKey.TypeName).Order(StringComparer.Ordinal).ToList(), s.MessageKey,
            Values(s.Values), s.WikiValues.ToDictionary(w => w.Key, w => Values(w.Value)))).ToList(),
        catalog.Facets.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => new FacetDefinitionDto(f.Id, ArtifactKey.TypeName(f.EntityType), f.Schemas.Select(s => s.Id).ToList(), f.MessageKey)).ToList());

    private static IReadOnlyList<SchemaValueDto> Values(IReadOnlyList<SchemaValue> values) =>
        values.Select(v => new SchemaValueDto(Json(v.Token)!.Value, v.MessageKey)).ToList();

    private static JsonElement? Json(string? raw)
    {
        if (raw is null)
        {
            return null;
        }
        using var document = JsonDocument.Parse(raw);
        return document.RootElement.Clone();
    }
}
