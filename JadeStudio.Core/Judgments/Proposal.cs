using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Judgments;

/// <summary>A distinct set of answers on one artifact and facet (JADE's "proposal"). Unique per (artifact, facet, labeldata).</summary>
public sealed class Proposal
{
    public long Id { get; set; }
    public long ArtifactId { get; set; }
    public required string Facet { get; set; }

    /// <summary>Canonical JSON, see <see cref="Schemas.LabelData"/>.</summary>
    public required string LabelData { get; set; }

    public long? NotesTextId { get; set; }
    public long AuthorId { get; set; }
    public FieldVisibility AuthorVisibility { get; set; }

    /// <summary>Exactly one proposal per non-empty (artifact, facet) is preferred (also a unique partial index).</summary>
    public bool Preferred { get; set; }

    /// <summary>Bumped on every change of this row; the API's ETag (If-Match → 412 when stale).</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A user's support for a proposal. At most one per user per (artifact, facet); endorsing another proposal moves it.</summary>
public sealed class Endorsement
{
    public long Id { get; set; }
    public long ProposalId { get; set; }
    public long ArtifactId { get; set; }
    public required string Facet { get; set; }
    public long UserId { get; set; }
    public FieldVisibility UserVisibility { get; set; }
    public long? CommentTextId { get; set; }

    /// <summary>Where it was made: <c>ui</c>, <c>api</c>, <c>campaign/&lt;id&gt;</c>, <c>demo</c>.</summary>
    public required string Origin { get; set; }

    /// <summary>Bumped on every change of this row; the API's ETag.</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
