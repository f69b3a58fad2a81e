namespace JadeStudio.Core.Artifacts;

/// <summary>
/// A stored artifact. It exists once something refers to it (an upload, a judgment); snapshot
/// fields are whatever an upload supplied, never fetched guesses.
/// </summary>
public sealed class Artifact
{
    public long Id { get; set; }
    public required string Wiki { get; set; }
    public ArtifactType Type { get; set; }
    public long RevId { get; set; }

    public string? PageTitle { get; set; }

    /// <summary>Extra fields an upload carried (JSON object), kept as the researcher gave them.</summary>
    public string? Data { get; set; }

    /// <summary>Where the row came from, e.g. <c>demo:cswiki.revisions_for_review.5k_2016.json</c>; null for real use.</summary>
    public string? Source { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// How many proposals the artifact has, kept by every command that adds or removes one, so that a list "most proposals
    /// first" reads an index in order instead of counting and sorting a whole wiki at every view.
    /// </summary>
    public int ProposalCount { get; set; }

    public ArtifactKey Key => new(Wiki, Type, RevId);

    public bool IsDemo => Source?.StartsWith(DemoSourcePrefix, StringComparison.Ordinal) == true;

    public const string DemoSourcePrefix = "demo:";
}
