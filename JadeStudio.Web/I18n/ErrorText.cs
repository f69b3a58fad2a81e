using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Web.I18n;

/// <summary>A readable sentence for every refusal a command can give (exhaustive over <see cref="JadeError"/>).</summary>
public static class ErrorText
{
    public static string Describe(JadeError error, Messages m) => error switch
    {
        JadeError.ProposalExists => m[error.MessageKey],
        JadeError.ProposalNotFound => m[error.MessageKey],
        JadeError.EndorsementNotFound => m[error.MessageKey],
        JadeError.ProposalIsPreferred => m[error.MessageKey],
        JadeError.NoChange => m[error.MessageKey],
        JadeError.AlreadyEndorsed => m[error.MessageKey],
        JadeError.EntityNotFound => m[error.MessageKey],
        JadeError.InvalidArtifactId => m[error.MessageKey],
        JadeError.IllegalSchema illegal => m[error.MessageKey, illegal.Facet],
        JadeError.InvalidLabelData invalid => m["jadestudio-apierror-jade-invalid-labeldata-" + invalid.Problem.ToString().ToLowerInvariant(), invalid.Field ?? ""],
        JadeError.TextTooLong tooLong => m[error.MessageKey, tooLong.MaxLength],
        JadeError.PermissionDenied denied => m[error.MessageKey, Rights.NameOf(denied.Missing)],
        JadeError.Blocked blocked => Block(blocked.Block, m),
        JadeError.EditConflict => m[error.MessageKey],
        JadeError.WriteConflict => m[error.MessageKey],
        JadeError.DatabaseUnavailable => m[error.MessageKey],
        JadeError.InvalidTokenRights invalid => invalid.NotHeld is { } right ? m[error.MessageKey, Rights.NameOf(right)] : m["jadestudio-apierror-jade-invalidtokenrights-none"],
        JadeError.InvalidTokenExpiry => m[error.MessageKey],
        JadeError.InvalidCampaign invalid => m["jadestudio-apierror-jade-invalidcampaign-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.CampaignInactive => m[error.MessageKey],
        JadeError.WorksetOpen => m[error.MessageKey],
        JadeError.NoTasksLeft => m[error.MessageKey],
        JadeError.WorksetClosed => m[error.MessageKey],
        JadeError.TaskSkipped => m[error.MessageKey],
        JadeError.ImportRejected rejected => m[error.MessageKey, rejected.Report.Rejected],
        JadeError.InvalidGroupChange invalid => m["jadestudio-apierror-jade-invalidgroupchange-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.InvalidBlock invalid => m["jadestudio-apierror-jade-invalidblock-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.InvalidVisibility invalid => m["jadestudio-apierror-jade-invalidvisibility-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.InvalidRollback { Problem: Core.Oversight.RollbackProblem.TooMany } => m["jadestudio-apierror-jade-invalidrollback-toomany", Core.Oversight.RollbackService.MaxEndorsements],
        JadeError.InvalidRollback invalid => m["jadestudio-apierror-jade-invalidrollback-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.InvalidFilter invalid => m[error.MessageKey, invalid.Parameter],
        JadeError.AbuseFilterWarning warning => m[error.MessageKey, warning.Description],
        JadeError.AbuseFilterDisallowed disallowed => m[error.MessageKey, disallowed.Description],
        JadeError.InvalidAbuseFilter invalid => m["jadestudio-apierror-jade-invalidabusefilter-" + invalid.Problem.ToString().ToLowerInvariant()],
        JadeError.TermsNotAccepted => m[error.MessageKey],
        JadeError.DumpUnavailable unavailable => m["jadestudio-apierror-jade-dumpunavailable-" + unavailable.Reason.ToString().ToLowerInvariant()],
        JadeError.QueryRefused refused => m["jadestudio-apierror-jade-queryrefused-" + refused.Problem.ToString().ToLowerInvariant(), refused.Detail ?? ""],
        JadeError.EmptyText => m[error.MessageKey],
        JadeError.NulCharacter => m[error.MessageKey],
        JadeError.RateLimited limited => m[error.MessageKey, limited.RetryAfterSeconds],
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Every error needs a message."),
    };

    /// <summary>What a blocked user is told: scope, reason and expiry.</summary>
    public static string Block(BlockDetails block, Messages m)
    {
        if (block.Source == BlockSource.Wiki)
        {
            // Read from the wiki (its reason and expiry), or only known from the sign-in (the home wiki said "blocked").
            return block.Wikis is [var wiki]
                ? m["jadestudio-block-onwiki", wiki, block.Reason, block.Expiry is { } end ? Formats.DateTime(end, m.CultureName) : m["jadestudio-block-indefinite"]]
                : m["jadestudio-block-wiki"];
        }
        var expiry = block.Expiry is { } until ? Formats.DateTime(until, m.CultureName) : m["jadestudio-block-indefinite"];
        return m["jadestudio-apierror-blocked", Scope(block, m), block.Reason, expiry];
    }

    public static string Scope(BlockDetails block, Messages m)
    {
        if (block.Sitewide)
        {
            return m["jadestudio-block-scope-sitewide"];
        }
        var parts = new List<string>();
        if (block.Wikis.Count > 0)
        {
            parts.Add(m["jadestudio-block-scope-wikis", string.Join(", ", block.Wikis)]);
        }
        if (block.Artifacts.Count > 0)
        {
            parts.Add(m["jadestudio-block-scope-artifacts", string.Join(", ", block.Artifacts)]);
        }
        if (block.Actions.Count > 0)
        {
            parts.Add(m["jadestudio-block-scope-actions", string.Join(", ", block.Actions.Select(a => m["jadestudio-block-action-" + a.ToString().ToLowerInvariant()].Value))]);
        }
        return string.Join("; ", parts);
    }
}

/// <summary>Dates and sizes shown in the viewer's culture (<see cref="Messages.CultureName"/>), in UTC as MediaWiki shows them by default.</summary>
public static class Formats
{
    public static string DateTime(DateTimeOffset value, string culture) =>
        value.ToUniversalTime().ToString("g", Core.I18n.MessageFormatter.CultureFor(culture)) + " UTC";

    /// <summary>
    /// The instant for a <c>time</c> element's <c>datetime</c>: in UTC, to the millisecond, as HTML's grammar allows
    /// (the round-trip format's seven digits of a second are not a valid date string, so readers ignore it).
    /// </summary>
    public static string MachineReadable(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// How long ago, as people say it in the viewer's language ("3 hours ago", "vor 3 Stunden", "לפני 3 שעות"), by
    /// Humanizer with its locale packages; pages show it with the exact time beside or as a tooltip.
    /// </summary>
    public static string Ago(DateTimeOffset value, string culture, DateTimeOffset now) =>
        Humanizer.DateHumanizeExtensions.Humanize(value, now, Core.I18n.MessageFormatter.CultureFor(culture));

    /// <summary>
    /// The message for an event in a history, watch list or log line. A preference set by nobody is the
    /// automatic one (the preferred judgment lost its last endorsement).
    /// </summary>
    public static string EventMessageKey(Core.Events.EventType type, Core.Visibility.RedactedUser? actor) =>
        type == Core.Events.EventType.PreferenceSet && actor is null
            ? "jadestudio-history-preferenceset-automatic"
            : "jadestudio-history-" + type.ToString().ToLowerInvariant();

    /// <summary>The message for a line of changes (<see cref="Core.Changes.ChangeLine"/>): a judgment's, or its newest event's.</summary>
    public static string LineMessageKey(Core.Changes.ChangeLine line) =>
        line.IsJudgment ? "jadestudio-history-judged" : EventMessageKey(line.Change.Type, line.Change.Actor);

    /// <summary>
    /// What a thread about a proposal is about: "the proposal 'Yes, damaging · Bad faith'". The answers are joined by a
    /// middle dot, not a comma: an answer's own text may hold a comma ("Yes, damaging").
    /// </summary>
    public static string ProposalSubject(Messages m, IEnumerable<Core.Judgments.Answer> answers) =>
        m["jadestudio-discussion-about-proposal", string.Join(" · ", answers.Select(a => m[a.Value.MessageKey].Value))];

    /// <summary>What a line of changes is, for its <c>data-type</c>: "Judgment", or its newest event's type.</summary>
    public static string LineType(Core.Changes.ChangeLine line) => line.IsJudgment ? "Judgment" : line.Change.Type.ToString();

    /// <summary>A file size in the viewer's culture (e.g. "1.2 MB", "1,2 MB").</summary>
    public static string Bytes(long bytes, string culture) =>
        Humanizer.ByteSizeExtensions.Humanize(Humanizer.ByteSizeExtensions.Bytes(bytes), "0.#", Core.I18n.MessageFormatter.CultureFor(culture));

    /// <summary>The start (UTC) of a day picked in a date field; null stays null.</summary>
    public static DateTimeOffset? DayStartUtc(System.DateTime? day) =>
        day is { } d ? new DateTimeOffset(System.DateTime.SpecifyKind(d.Date, DateTimeKind.Utc)) : null;

    /// <summary>
    /// The start (UTC) of the day after <paramref name="dayStart"/>, the end of a "to" day; null (no end) for none and for
    /// the calendar's last day, which has no day after it.
    /// </summary>
    public static DateTimeOffset? NextDayStartUtc(DateTimeOffset? dayStart) =>
        dayStart is { } d && d < DateTimeOffset.MaxValue.AddDays(-1) ? d.AddDays(1) : null;
}
