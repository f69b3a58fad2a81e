using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.Judgments;

/// <summary>Everything judged about one artifact, as one viewer may see it.</summary>
public sealed record ArtifactView(ArtifactKey Key, Wiki Wiki, Artifact? Stored, IReadOnlyList<FacetView> Facets)
{
    public string WikiUrl => Key.Type == ArtifactType.Diff ? Wiki.DiffUrl(Key.RevId) : Wiki.RevisionUrl(Key.RevId);

    /// <summary>The revision's metadata from the wiki-content cache, as the viewer may see it; null while not cached (or too old).</summary>
    public WikiContent.WikiRevision? Revision { get; init; }
}

public sealed record FacetView(Facet Facet, IReadOnlyList<ProposalView> Proposals)
{
    public ProposalView? Preferred => Proposals.FirstOrDefault(p => p.Preferred);
}

public sealed record Answer(Schema Schema, SchemaValue Value);

public sealed record ProposalView(
    long Id,
    string LabelData,
    IReadOnlyList<Answer> Answers,
    RedactedText Notes,
    RedactedUser Author,
    bool Preferred,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<EndorsementView> Endorsements)
{
    public int Version { get; init; }
}

public sealed record EndorsementView(long Id, RedactedUser User, RedactedText Comment, string Origin, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The real user id for permission decisions in the UI (never shown when the user is hidden).</summary>
    public long OwnerId { get; init; }

    public int Version { get; init; }
}

