using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Core.Commands;

public enum LabelDataProblem
{
    NotAnObject,
    UnknownField,
    DuplicateField,
    MissingField,
    WrongType,
    OutOfRange,
}

public enum IllegalSchemaReason
{
    UnknownFacet,
    NotForArtifactType,
    NotOnWiki,
}

/// <summary>
/// Everything a command can refuse, as types. The stable <see cref="Code"/> is what the API returns
/// and the UI looks up (<c>jadestudio-apierror-&lt;code&gt;</c>); switches over these are exhaustive.
/// </summary>
public abstract record JadeError
{
    private JadeError()
    {
    }

    public abstract string Code { get; }

    public string MessageKey => "jadestudio-apierror-" + Code;

    public sealed record ProposalExists(long ProposalId) : JadeError
    {
        public override string Code => "jade-proposalexists";
    }

    public sealed record ProposalNotFound(long ProposalId) : JadeError
    {
        public override string Code => "jade-proposalnotfound";
    }

    public sealed record EndorsementNotFound(long ProposalId, long UserId) : JadeError
    {
        public override string Code => "jade-endorsementnotfound";
    }

    public sealed record ProposalIsPreferred(long ProposalId) : JadeError
    {
        public override string Code => "jade-proposalispreferred";
    }

    public sealed record NoChange : JadeError
    {
        public override string Code => "jade-nochange";
    }

    public sealed record AlreadyEndorsed(long ProposalId) : JadeError
    {
        public override string Code => "jade-alreadyendorsed";
    }

    public sealed record EntityNotFound(string What) : JadeError
    {
        public override string Code => "jade-entitynotfound";
    }

    public sealed record InvalidArtifactId(ArtifactKeyProblem Problem) : JadeError
    {
        public override string Code => Problem switch
        {
            ArtifactKeyProblem.UnknownWiki => "jade-unknownwiki",
            ArtifactKeyProblem.NotCanonical => "jade-noncanonicalid",
            ArtifactKeyProblem.Malformed => "jade-badartifactid",
            _ => throw new ArgumentOutOfRangeException(nameof(Problem), Problem, null),
        };
    }

    public sealed record IllegalSchema(string Facet, IllegalSchemaReason Reason) : JadeError
    {
        public override string Code => "jade-illegal-schema";
    }

    public sealed record InvalidLabelData(string? Field, LabelDataProblem Problem) : JadeError
    {
        public override string Code => "jade-invalid-labeldata";
    }

    public sealed record TextTooLong(string Field, int MaxLength) : JadeError
    {
        public override string Code => "jade-texttoolong";
    }

    public sealed record PermissionDenied(Right Missing) : JadeError
    {
        public override string Code => "permissiondenied";
    }

    public sealed record Blocked(BlockDetails Block) : JadeError
    {
        public override string Code => "blocked";
    }

    /// <summary>The resource changed since the version the caller saw (If-Match).</summary>
    public sealed record EditConflict(string CurrentVersion) : JadeError
    {
        public override string Code => "jade-editconflict";
    }

    /// <summary>
    /// The database could not be reached while the change was being saved (a server restart, a network fault). If the
    /// connection broke during the commit itself the change may have been saved; trying again is safe (the JADE rules
    /// turn a repeated judgment into no change).
    /// </summary>
    public sealed record DatabaseUnavailable : JadeError
    {
        public override string Code => "jade-databaseunavailable";
    }

    /// <summary>Other nodes' writes to the same rows kept winning: nothing was saved, and trying again is expected to work.</summary>
    public sealed record WriteConflict : JadeError
    {
        public override string Code => "jade-writeconflict";
    }

    /// <summary>A token was asked for no rights, or for a right its owner does not have.</summary>
    public sealed record InvalidTokenRights(Right? NotHeld) : JadeError
    {
        public override string Code => "jade-invalidtokenrights";
    }

    /// <summary>A token was asked to expire at a moment already past.</summary>
    public sealed record InvalidTokenExpiry : JadeError
    {
        public override string Code => "jade-invalidtokenexpiry";
    }

    public sealed record InvalidGroupChange(Users.GroupChangeProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidgroupchange";
    }

    public sealed record InvalidCampaign(Campaigns.CampaignProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidcampaign";
    }

    public sealed record CampaignInactive(long CampaignId) : JadeError
    {
        public override string Code => "jade-campaigninactive";
    }

    public sealed record WorksetOpen(long WorksetId) : JadeError
    {
        public override string Code => "jade-worksetopen";
    }

    public sealed record NoTasksLeft(long CampaignId) : JadeError
    {
        public override string Code => "jade-notasksleft";
    }

    public sealed record WorksetClosed(long WorksetId) : JadeError
    {
        public override string Code => "jade-worksetclosed";
    }

    /// <summary>A task its user skipped: its place went back to others, so it cannot be labeled from that workset.</summary>
    public sealed record TaskSkipped(long TaskId) : JadeError
    {
        public override string Code => "jade-taskskipped";
    }

    /// <summary>An upload with bad lines, refused whole (all-or-nothing); the report says which lines and why.</summary>
    public sealed record ImportRejected(Imports.ImportReport Report) : JadeError
    {
        public override string Code => "jade-importrejected";
    }

    public sealed record EmptyText(string Field) : JadeError
    {
        public override string Code => "jade-emptytext";
    }

    /// <summary>A text with the NUL character (U+0000), which no text in either store may hold (<see cref="Storage.NulCharacterGuard"/>).</summary>
    public sealed record NulCharacter : JadeError
    {
        public override string Code => "jade-nulcharacter";
    }

    /// <summary>Too many posts in a short time; try again after <see cref="RetryAfterSeconds"/>.</summary>
    public sealed record RateLimited(int RetryAfterSeconds) : JadeError
    {
        public override string Code => "ratelimited";
    }

    public sealed record InvalidBlock(BlockProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidblock";
    }

    public sealed record InvalidVisibility(Oversight.VisibilityProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidvisibility";
    }

    /// <summary>An abuse filter matched and warns: the same text submitted again is saved.</summary>
    public sealed record AbuseFilterWarning(long FilterId, string Description) : JadeError
    {
        public override string Code => "jade-abusefilter-warning";
    }

    /// <summary>An abuse filter matched and refuses the text.</summary>
    public sealed record AbuseFilterDisallowed(long FilterId, string Description) : JadeError
    {
        public override string Code => "jade-abusefilter-disallowed";
    }

    public sealed record InvalidAbuseFilter(AbuseFilters.AbuseFilterProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidabusefilter";
    }

    /// <summary>A list's filter parameter has a value the list does not understand (named, nothing guessed).</summary>
    public sealed record InvalidFilter(string Parameter) : JadeError
    {
        public override string Code => "jade-invalidfilter";
    }

    public sealed record InvalidRollback(Oversight.RollbackProblem Problem) : JadeError
    {
        public override string Code => "jade-invalidrollback";
    }

    /// <summary>API tokens (for the feed and dump downloads) are issued only to those who accepted the redaction terms.</summary>
    public sealed record TermsNotAccepted : JadeError
    {
        public override string Code => "jade-termsnotaccepted";
    }

    /// <summary>A dump's files cannot be served now (still written, failed, or awaiting a rewrite after a redaction).</summary>
    public sealed record DumpUnavailable(Dumps.DumpRefusal Reason) : JadeError
    {
        public override string Code => "jade-dumpunavailable";
    }

    /// <summary>The public query page refused a query or stopped it; <see cref="Detail"/> is DuckDB's own message where there is one.</summary>
    public sealed record QueryRefused(Queries.QueryProblem Problem, string? Detail) : JadeError
    {
        public override string Code => "jade-queryrefused";
    }
}

/// <summary>Refusal by exception inside a command; the writer turns it into a failed result and rolls the command back.</summary>
public sealed class JadeException(JadeError error) : Exception(error.Code)
{
    public JadeError Error { get; } = error;

    /// <summary>The refusal that is <paramref name="exception"/> or that it wraps (EF Core wraps what a save's statement threw).</summary>
    public static JadeException? Within(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is JadeException refused)
            {
                return refused;
            }
        }
        return null;
    }
}

/// <summary>A value or the reason there is none.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, JadeError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public JadeError? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(JadeError error) => new(default, error);

    /// <summary>The value, or a <see cref="JadeException"/> to abort the running command.</summary>
    public T OrThrow() => Error is null ? Value! : throw new JadeException(Error);
}
