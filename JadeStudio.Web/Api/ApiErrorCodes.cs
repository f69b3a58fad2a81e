using JadeStudio.Core.AbuseFilters;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Queries;
using JadeStudio.Core.Users;

namespace JadeStudio.Web.Api;

/// <summary>
/// Every <c>code</c> a problem can carry, with the statuses it comes with and, for a code that covers several
/// problems, the field that says which and its values. A problem's <c>type</c> links to the code's entry on the
/// /api page; a test checks this list against what <see cref="ApiProblem"/> actually writes.
/// </summary>
public static class ApiErrorCodes
{
    /// <param name="KindField">The problem's field naming which of several problems it is (such as <c>problem</c>).</param>
    /// <param name="Kinds">The values that field takes, as the API writes them.</param>
    public sealed record Entry(string Code, IReadOnlyList<int> Statuses, string? KindField = null, IReadOnlyList<string>? Kinds = null)
    {
        public string Anchor => AnchorOf(Code);
    }

    public static string AnchorOf(string code) => "error-" + code;

    /// <summary>The <c>type</c> of a problem with this code: its entry on the /api page.</summary>
    public static string TypeOf(string code) => "/api#" + AnchorOf(code);

    /// <summary>Ordered by status, as a reader looks a refusal up by the status first.</summary>
    public static readonly IReadOnlyList<Entry> All =
    [
        new("badrequest", [400]),
        new("jade-badartifactid", [400]),
        new("jade-noncanonicalid", [400]),
        new("jade-invalidfilter", [400]),
        new("jade-queryrefused", [400, 409, 422, 429], "problem", AllKinds<QueryProblem>()),
        new("notloggedin", [401]),
        new("badtoken", [401]),
        new("permissiondenied", [403]),
        new("blocked", [403]),
        new("jade-abusefilter-disallowed", [403]),
        new("jade-termsnotaccepted", [403]),
        new("notfound", [404]),
        new("jade-entitynotfound", [404]),
        new("jade-proposalnotfound", [404]),
        new("jade-endorsementnotfound", [404]),
        new("jade-unknownwiki", [404]),
        new("badmethod", [405]),
        new("requesttimeout", [408]),
        new("jade-proposalexists", [409]),
        new("jade-alreadyendorsed", [409]),
        new("jade-proposalispreferred", [409]),
        new("jade-nochange", [409]),
        new("jade-writeconflict", [409]),
        new("jade-campaigninactive", [409]),
        new("jade-worksetopen", [409]),
        new("jade-notasksleft", [409]),
        new("jade-worksetclosed", [409]),
        new("jade-taskskipped", [409]),
        new("jade-dumpunavailable", [409], "reason", Kinds(DumpRefusal.NotReady, DumpRefusal.AwaitingRewrite)),
        new("cursorexpired", [410]),
        new("jade-editconflict", [412]),
        new("toolarge", [413]),
        new("uritoolong", [414]),
        new("badcontenttype", [415]),
        new("jade-illegal-schema", [422], "reason", AllKinds<IllegalSchemaReason>()),
        new("jade-invalid-labeldata", [422], "problem", AllKinds<LabelDataProblem>()),
        new("jade-texttoolong", [422]),
        new("jade-emptytext", [422]),
        new("jade-nulcharacter", [422]),
        new("jade-abusefilter-warning", [422]),
        new("jade-importrejected", [422]),
        new("jade-invalidtokenrights", [422]),
        new("jade-invalidtokenexpiry", [422]),
        new("jade-invalidcampaign", [422], "problem", AllKinds<CampaignProblem>()),
        new("jade-invalidgroupchange", [422], "problem", AllKinds<GroupChangeProblem>()),
        new("jade-invalidblock", [422], "problem", AllKinds<BlockProblem>()),
        new("jade-invalidvisibility", [422], "problem", AllKinds<VisibilityProblem>()),
        new("jade-invalidrollback", [409, 422], "problem", AllKinds<RollbackProblem>()),
        new("jade-invalidabusefilter", [422], "problem", AllKinds<AbuseFilterProblem>()),
        new("ratelimited", [429]),
        new("headerstoolarge", [431]),
        new("internal", [500]),
        new("jade-databaseunavailable", [503]),
        new("notready", [503]),
    ];

    /// <summary>The codes that come with this status.</summary>
    public static IEnumerable<string> WithStatus(int status) => All.Where(entry => entry.Statuses.Contains(status)).Select(entry => entry.Code);

    private static string[] AllKinds<TProblem>() where TProblem : struct, Enum => Kinds(Enum.GetValues<TProblem>());

    private static string[] Kinds<TProblem>(params TProblem[] values) where TProblem : struct, Enum =>
        [.. values.Select(value => ApiProblem.Camel(value.ToString()))];
}
