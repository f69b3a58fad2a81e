using JadeStudio.Core.Artifacts;

namespace JadeStudio.Core.Judgments;

/// <summary>Propose labels on an artifact's facet (JADE create-and-endorse / propose-or-endorse).</summary>
public sealed record ProposeRequest(
    ArtifactKey Artifact,
    string Facet,
    string LabelData,
    string? Notes = null,
    string? EndorsementComment = null,
    string Origin = Origins.Ui);

public static class Origins
{
    public const string Ui = "ui";
    public const string Api = "api";
    public const string Demo = "demo";

    public static string Campaign(long campaignId) => $"campaign/{campaignId}";
}

/// <summary>What a judgment command did, for the caller to report.</summary>
public enum JudgmentOutcomeKind
{
    ProposalCreated,
    Endorsed,
    EndorsementMoved,
    Updated,
    Deleted,
    PreferenceSet,
}

public enum JudgmentWarning
{
    /// <summary>JADE's jade-endorsingnonpreferredproposal: allowed, but the user should know.</summary>
    EndorsingNonPreferredProposal,
}

public sealed record JudgmentOutcome(
    JudgmentOutcomeKind Kind,
    long ArtifactId,
    long? ProposalId,
    long? EndorsementId,
    IReadOnlyList<JudgmentWarning> Warnings);

public static class TextLimits
{
    public const int Notes = 10_000;
    public const int Comment = 1_000;
}
