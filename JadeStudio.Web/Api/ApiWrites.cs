using System.Globalization;
using System.Text.RegularExpressions;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Wikis;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>What every write endpoint does the same way: body, artifact id, If-Match, result → HTTP.</summary>
public static partial class ApiWrites
{
    /// <summary>
    /// An upload (POST <paramref name="pattern"/> in <paramref name="group"/>) that reads a body of <paramref name="mediaTypes"/>
    /// only: documented so, and a body of another type is refused naming them. (Routing refuses such a body with its own
    /// 415 before any handler runs; a second endpoint at the same address, without the types and tried after, answers instead.)
    /// </summary>
    public static RouteHandlerBuilder AcceptsOnly(this RouteHandlerBuilder upload, RouteGroupBuilder group, string pattern, string[] mediaTypes)
    {
        group.MapPost(pattern, () => ApiProblem.UnsupportedContentType(mediaTypes)).WithOrder(1).ExcludeFromDescription();
        return upload.Accepts<string>(mediaTypes[0], mediaTypes[1..]);
    }

    public static Task<(T? Value, IResult? Problem)> BodyAsync<T>(HttpContext context) where T : class =>
        ApiJson.ReadAsync<T>(context, context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes);

    /// <summary>
    /// Prepares a streamed upload of at most <paramref name="limit"/> bytes: refuses a declared length over it,
    /// and lifts the server's own body limit, since the import counts bytes itself and reports the limit
    /// (the server's cut-off would otherwise drop a chunked upload mid-stream).
    /// </summary>
    public static IResult? BeginUpload(HttpContext context, long limit)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = null;
        }
        return context.Request.ContentLength > limit ? ApiProblem.TooLarge(limit) : null;
    }

    /// <summary>
    /// An upload's <c>?mode=</c>: <c>all</c> (the default) or <c>valid</c>, or the names the report gives them
    /// (<c>allOrNothing</c>, <c>validLinesOnly</c>), so a client can send back what it read.
    /// </summary>
    public static bool TryImportMode(string? mode, out ImportMode importMode, out IResult? problem)
    {
        ImportMode? known = mode switch
        {
            null or "all" or "allOrNothing" => ImportMode.AllOrNothing,
            "valid" or "validLinesOnly" => ImportMode.ValidLinesOnly,
            _ => null,
        };
        importMode = known ?? default;
        problem = known is null ? ApiProblem.BadRequest("mode must be 'all' (the default; the report calls it 'allOrNothing') or 'valid' ('validLinesOnly').") : null;
        return known is not null;
    }

    /// <summary>An import's answer: its report, 413 when it stopped at the size limit, or its error.</summary>
    public static IResult UploadResult<T>(HttpContext context, Result<T> result, long limit) => result switch
    {
        { Error: JadeError.ImportRejected { Report.Errors: var errors } } when errors.Any(e => e.Problem == Core.Imports.ImportProblem.TooLarge) => ApiProblem.TooLarge(limit),
        { IsSuccess: true } => ApiJson.Json(result.Value!),
        _ => ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor),
    };

    /// <summary>
    /// A list or map in a body must not hold null (the JSON reader checks nullable properties, not the items of
    /// a collection): 400 naming the field, before any command sees it.
    /// </summary>
    public static IResult? NullItem(string field, IEnumerable<string?> items) =>
        items.Any(item => item is null) ? ApiProblem.BadRequest($"'{field}' must not contain null.") : null;

    /// <summary>Reads the body, runs the command as the caller, and answers 204 or the problem.</summary>
    public static async Task<IResult> NoContentAsync<TBody, T>(HttpContext context, Func<ActorRef, TBody, Task<Result<T>>> command, Func<TBody, IResult?>? check = null)
        where TBody : class
    {
        var (body, problem) = await BodyAsync<TBody>(context);
        if ((problem ?? check?.Invoke(body!)) is { } refused)
        {
            return refused;
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await command(caller, body!);
        return result.IsSuccess ? Results.NoContent() : ApiProblem.Of(result.Error!, caller);
    }

    /// <summary>A newest-first list's <c>cursor</c>: the row to continue below (none without one); otherwise 400.</summary>
    public static bool TryOlderThan(string? cursor, out long? olderThan, out IResult problem)
    {
        problem = default!;
        olderThan = null;
        if (cursor is null)
        {
            return true;
        }
        if (!Core.Events.FeedCursor.TryDecode(cursor, out var seq))
        {
            problem = ApiProblem.BadRequest("Unknown cursor.");
            return false;
        }
        olderThan = seq;
        return true;
    }

    /// <summary>An enum value by its API name (lower case, e.g. <c>comment</c>); otherwise 400 naming the allowed values.</summary>
    public static bool TryParse<T>(string value, string name, out T parsed, out IResult problem) where T : struct, Enum
    {
        problem = default!;
        if (Enum.GetValues<T>().FirstOrDefault(v => Core.Oversight.ItemRef.NameOf(v) == value) is var found && Core.Oversight.ItemRef.NameOf(found) == value)
        {
            parsed = found;
            return true;
        }
        parsed = default;
        problem = ApiProblem.BadRequest($"'{name}' must be one of: {string.Join(", ", Enum.GetValues<T>().Select(v => Core.Oversight.ItemRef.NameOf(v)))}.");
        return false;
    }

    public static bool TryKey(string wiki, string type, string revId, HttpContext context, out ArtifactKey key, out IResult problem)
    {
        switch (ArtifactKey.From(wiki, type, revId, context.RequestServices.GetRequiredService<WikiCatalog>()))
        {
            case ArtifactKeyParse.Valid valid:
                (key, problem) = (valid.Key, null!);
                return true;
            case ArtifactKeyParse.Invalid invalid:
                (key, problem) = (null!, ApiProblem.Of(new JadeError.InvalidArtifactId(invalid.Problem), ApiCaller.Of(context).Actor));
                return false;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>
    /// The version the caller expects from <c>If-Match</c> (ETag <c>"p12.3"</c> → 3 for proposal 12).
    /// Absent or <c>*</c>: no check. An ETag of another resource or kind can never match.
    /// </summary>
    public static int? ExpectedVersion(HttpContext context, char kind, long id)
    {
        var header = context.Request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }
        var match = ETag().Match(header);
        return match.Success && match.Groups["kind"].Value[0] == kind && long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture) == id
            ? int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture)
            : -1;
    }

    /// <summary>Runs a judgment command as the caller and answers its outcome, or the problem.</summary>
    public static async Task<IResult> RunAsync(HttpContext context, ArtifactKey? artifact, Func<ActorRef, Task<Result<JudgmentOutcome>>> command, Func<JudgmentOutcome, int>? status = null)
    {
        var caller = ApiCaller.Of(context);
        var result = await command(caller.Actor);
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, caller.Actor);
        }
        var outcome = result.Value!;
        var key = artifact ?? await context.RequestServices.GetRequiredService<JudgmentReader>().KeyOfArtifactAsync(outcome.ArtifactId, context.RequestAborted);
        var code = status?.Invoke(outcome) ?? StatusCodes.Status200OK;
        if (code == StatusCodes.Status201Created && outcome.Kind == JudgmentOutcomeKind.ProposalCreated && outcome.ProposalId is { } proposal)
        {
            CreatedAt(context, $"/api/v1/proposals/{proposal}");
        }
        return ApiJson.Json(ApiModels.Outcome(key, outcome), code);
    }

    /// <summary>A 201's Location: where what was created is read (RFC 9110 §15.3.2).</summary>
    public static void CreatedAt(HttpContext context, string path) => context.Response.Headers.Location = path;

    [GeneratedRegex("^(W/)?\"(?<kind>[pec])(?<id>[0-9]{1,18})\\.(?<version>[0-9]{1,9})\"$")]
    private static partial Regex ETag();
}
