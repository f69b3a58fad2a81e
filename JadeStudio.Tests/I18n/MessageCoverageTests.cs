using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.I18n;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.I18n;

/// <summary>Messages built from enum names exist for every value, so no user ever sees ⧼key⧽.</summary>
public class MessageCoverageTests
{
    private static readonly MessageCatalog Catalog = MessageCatalog.LoadDirectory(RepositoryPaths.I18n);

    private static IEnumerable<string> Keys<T>(string prefix) where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => prefix + v.ToString().ToLowerInvariant());

    public static TheoryData<string> EnumKeys() =>
    [
        .. Keys<EventType>("jadestudio-history-"),
        .. Keys<ArtifactFilter>("jadestudio-artifacts-filter-"),
        .. Keys<ArtifactKeyProblem>("jadestudio-artifact-invalid-"),
        .. Keys<BlockAction>("jadestudio-block-action-"),
        .. Keys<BlockProblem>("jadestudio-apierror-jade-invalidblock-"),
        .. Keys<LabelDataProblem>("jadestudio-apierror-jade-invalid-labeldata-"),
        .. Keys<JudgmentWarning>("jadestudio-warning-"),
        .. Keys<JadeStudio.Core.Users.GroupChangeProblem>("jadestudio-apierror-jade-invalidgroupchange-"),
        .. Keys<JadeStudio.Core.Campaigns.CampaignProblem>("jadestudio-apierror-jade-invalidcampaign-"),
        .. Keys<JadeStudio.Core.Imports.ImportProblem>("jadestudio-import-problem-"),
        .. Keys<JadeStudio.Core.Discussions.SearchableKind>("jadestudio-search-kind-"),
        .. Keys<JadeStudio.Core.Oversight.VisibilityProblem>("jadestudio-apierror-jade-invalidvisibility-"),
        .. Keys<JadeStudio.Core.Oversight.RollbackProblem>("jadestudio-apierror-jade-invalidrollback-"),
        .. Keys<JadeStudio.Core.Oversight.ItemKind>("jadestudio-oversight-kind-"),
        .. Keys<JadeStudio.Core.Oversight.HideableField>("jadestudio-oversight-field-"),
        .. Keys<JadeStudio.Core.Visibility.FieldVisibility>("jadestudio-oversight-level-"),
        .. Keys<JadeStudio.Core.Visibility.FieldVisibility>("jadestudio-visibility-marker-").Where(k => !k.EndsWith("-visible")),
        .. Keys<JadeStudio.Core.AbuseFilters.AbuseFilterProblem>("jadestudio-apierror-jade-invalidabusefilter-"),
        .. Keys<JadeStudio.Core.AbuseFilters.FilterAction>("jadestudio-abusefilter-action-"),
        .. Keys<JadeStudio.Core.AbuseFilters.TextAction>("jadestudio-abusefilter-text-"),
        .. Keys<JadeStudio.Core.AbuseFilters.FilterOutcome>("jadestudio-abusefilter-outcome-"),
        .. Keys<JadeStudio.Core.Dumps.DumpRefusal>("jadestudio-apierror-jade-dumpunavailable-"),
        .. Keys<JadeStudio.Core.Queries.QueryProblem>("jadestudio-apierror-jade-queryrefused-"),
        .. Keys<JadeStudio.Core.Dumps.DumpKind>("jadestudio-dumps-kind-"),
        .. Keys<JadeStudio.Core.Dumps.DumpState>("jadestudio-dumps-state-"),
        .. JadeStudio.Core.Queries.ExampleQueries.All.Select(e => "jadestudio-query-example-" + e.Id),
        .. Enum.GetValues<Right>().Select(right => "jadestudio-right-" + Rights.NameOf(right)),
        .. PermissionOptions.Defaults().Groups.Keys.Where(group => group != PermissionOptions.Everyone).Select(group => JadeStudio.Web.I18n.Messages.GroupKeyPrefix + group),
    ];

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void Message_exists(string key) => Assert.True(Catalog.Exists(key), $"{key} is missing from en.json");

    public static TheoryData<string> ErrorKeys()
    {
        JadeError[] every =
        [
            new JadeError.ProposalExists(1), new JadeError.ProposalNotFound(1), new JadeError.EndorsementNotFound(1, 1),
            new JadeError.ProposalIsPreferred(1), new JadeError.NoChange(), new JadeError.AlreadyEndorsed(1),
            new JadeError.EntityNotFound("x"), new JadeError.IllegalSchema("x", IllegalSchemaReason.UnknownFacet),
            new JadeError.TextTooLong("notes", 1), new JadeError.PermissionDenied(Right.Judge),
            new JadeError.EditConflict("2"), new JadeError.WriteConflict(), new JadeError.DatabaseUnavailable(), new JadeError.InvalidTokenRights(Right.Block), new JadeError.InvalidTokenExpiry(),
            new JadeError.CampaignInactive(1), new JadeError.WorksetOpen(1), new JadeError.NoTasksLeft(1), new JadeError.WorksetClosed(1), new JadeError.TaskSkipped(1),
            new JadeError.ImportRejected(new JadeStudio.Core.Imports.ImportReport(JadeStudio.Core.Imports.ImportFormat.JsonLines, JadeStudio.Core.Imports.ImportMode.AllOrNothing, 0, 0, 0, [], false)),
            new JadeError.EmptyText("text"), new JadeError.NulCharacter(), new JadeError.InvalidFilter("days"),
            new JadeError.AbuseFilterWarning(1, "d"), new JadeError.AbuseFilterDisallowed(1, "d"),
            new JadeError.RateLimited(60), new JadeError.TermsNotAccepted(),
            new JadeError.Blocked(new BlockDetails(1, 1, true, [], [], [], null, "r", 1, DateTimeOffset.UnixEpoch)),
            .. Enum.GetValues<ArtifactKeyProblem>().Select(p => new JadeError.InvalidArtifactId(p)),
        ];
        // Every concrete error type is listed above (InvalidLabelData and InvalidBlock have per-problem keys, checked by EnumKeys).
        var listed = every.Select(e => e.GetType()).Append(typeof(JadeError.InvalidLabelData)).Append(typeof(JadeError.InvalidBlock)).Append(typeof(JadeError.InvalidGroupChange)).Append(typeof(JadeError.InvalidCampaign))
            .Append(typeof(JadeError.InvalidVisibility)).Append(typeof(JadeError.InvalidRollback)).Append(typeof(JadeError.InvalidAbuseFilter))
            .Append(typeof(JadeError.DumpUnavailable)).Append(typeof(JadeError.QueryRefused)).ToHashSet();
        var all = typeof(JadeError).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(JadeError)));
        Assert.Empty(all.Except(listed));
        return [.. every.Select(e => e.MessageKey).Distinct()];
    }

    [Theory]
    [MemberData(nameof(ErrorKeys))]
    public void Every_error_code_has_a_message(string key) => Assert.True(Catalog.Exists(key), $"{key} is missing from en.json");
}
