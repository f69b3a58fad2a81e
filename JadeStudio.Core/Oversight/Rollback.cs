using JadeStudio.Core.Judgments;

namespace JadeStudio.Core.Oversight;

/// <summary>
/// One mass rollback: every judgment (endorsement) one user made or changed in a time range, optionally on
/// one wiki, removed as one logged operation. The facets it touched are kept as they were before and after,
/// so it can be undone exactly — as long as nobody changed those facets since.
/// </summary>
public sealed class Rollback
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public long PerformedById { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string? Wiki { get; set; }
    public long ReasonTextId { get; set; }
    public int EndorsementsRemoved { get; set; }
    public int ProposalsRemoved { get; set; }

    /// <summary>The touched facets' proposals and endorsements before the rollback (JSON, <see cref="FacetSnapshot"/>).</summary>
    public string Before { get; set; } = "";

    /// <summary>The same facets right after it: undo is refused unless they still look exactly like this.</summary>
    public string After { get; set; } = "";

    public DateTimeOffset PerformedAt { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }
    public long? UndoneById { get; set; }
}

public sealed record RollbackRequest(long UserId, DateTimeOffset From, DateTimeOffset To, string? Wiki, string Reason);

public enum RollbackProblem
{
    NoReason,
    /// <summary>The range ends before it starts.</summary>
    EmptyRange,
    UnknownWiki,
    UnknownUser,
    /// <summary>The user made no judgment in that range.</summary>
    NothingToRollBack,
    /// <summary>More judgments in the range than one rollback removes (<see cref="RollbackService.MaxEndorsements"/>).</summary>
    TooMany,
    AlreadyUndone,
    /// <summary>Someone judged on the touched facets since the rollback: undoing would overwrite their work.</summary>
    ChangedSince,
}

/// <summary>
/// Rows of the touched facets, complete enough to put them back with the same ids, versions and times. Name
/// visibility is left out on purpose: it may change after the rollback and must never be undone by it.
/// </summary>
public sealed record FacetSnapshot(IReadOnlyList<ProposalRow> Proposals, IReadOnlyList<EndorsementRow> Endorsements)
{
    public static FacetSnapshot Of(IEnumerable<Proposal> proposals, IEnumerable<Endorsement> endorsements) => new(
        proposals.OrderBy(p => p.Id).Select(p => new ProposalRow(p.Id, p.ArtifactId, p.Facet, p.LabelData, p.NotesTextId, p.AuthorId, p.Preferred, p.Version, p.CreatedAt, p.UpdatedAt)).ToList(),
        endorsements.OrderBy(e => e.Id).Select(e => new EndorsementRow(e.Id, e.ProposalId, e.ArtifactId, e.Facet, e.UserId, e.CommentTextId, e.Origin, e.Version, e.CreatedAt, e.UpdatedAt)).ToList());

    /// <summary>Equal contents (records compare by value; lists do not, so compare them item by item).</summary>
    public bool SameAs(FacetSnapshot other) => Proposals.SequenceEqual(other.Proposals) && Endorsements.SequenceEqual(other.Endorsements);
}

public sealed record ProposalRow(long Id, long ArtifactId, string Facet, string LabelData, long? NotesTextId, long AuthorId, bool Preferred, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The row as it was; the name's visibility is today's (a name hidden since stays hidden).</summary>
    public Proposal ToEntity(Visibility.FieldVisibility authorVisibility) => new()
    {
        Id = Id,
        ArtifactId = ArtifactId,
        Facet = Facet,
        LabelData = LabelData,
        NotesTextId = NotesTextId,
        AuthorId = AuthorId,
        AuthorVisibility = authorVisibility,
        Preferred = Preferred,
        Version = Version,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };
}

public sealed record EndorsementRow(long Id, long ProposalId, long ArtifactId, string Facet, long UserId, long? CommentTextId, string Origin, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public Endorsement ToEntity(Visibility.FieldVisibility userVisibility) => new()
    {
        Id = Id,
        ProposalId = ProposalId,
        ArtifactId = ArtifactId,
        Facet = Facet,
        UserId = UserId,
        UserVisibility = userVisibility,
        CommentTextId = CommentTextId,
        Origin = Origin,
        Version = Version,
        CreatedAt = CreatedAt,
        UpdatedAt = UpdatedAt,
    };
}
