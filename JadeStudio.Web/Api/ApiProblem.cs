using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>RFC 7807 problem+json with a stable <c>code</c>: every API error goes out through here.</summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static IResult Of(JadeError error, ActorRef caller) => error switch
    {
        // A missing right for someone who did not authenticate is a missing credential.
        JadeError.PermissionDenied when caller.UserId is null =>
            Write(StatusCodes.Status401Unauthorized, "notloggedin", "This action needs an API token (Authorization: Bearer …).", authenticate: true),
        JadeError.ProposalExists exists => Write(409, error.Code, "These labels are already proposed.", new() { ["proposalId"] = exists.ProposalId }),
        JadeError.ProposalNotFound => Write(404, error.Code, "No such proposal."),
        JadeError.EndorsementNotFound => Write(404, error.Code, "No such endorsement."),
        JadeError.ProposalIsPreferred => Write(409, error.Code, "The preferred proposal cannot be deleted while other proposals exist."),
        JadeError.NoChange => Write(409, error.Code, "Nothing would change."),
        JadeError.AlreadyEndorsed => Write(409, error.Code, "You already endorse this proposal."),
        JadeError.EntityNotFound missing => Write(404, error.Code, $"No such {missing.What}."),
        JadeError.InvalidArtifactId invalid => invalid.Problem switch
        {
            Core.Artifacts.ArtifactKeyProblem.UnknownWiki => Write(404, error.Code, "That wiki is not configured here."),
            Core.Artifacts.ArtifactKeyProblem.NotCanonical => Write(400, error.Code, "The artifact id is not canonical (lower case, no leading zeros)."),
            Core.Artifacts.ArtifactKeyProblem.Malformed => Write(400, error.Code, "That is not an artifact id (wiki/diff|revision/revId)."),
            _ => throw new ArgumentOutOfRangeException(nameof(error)),
        },
        JadeError.IllegalSchema illegal => Write(422, error.Code, $"Facet '{illegal.Facet}' cannot be used here.", new() { ["facet"] = illegal.Facet, ["reason"] = Camel(illegal.Reason.ToString()) }),
        JadeError.InvalidLabelData invalid => Write(422, error.Code, "The labeldata does not fit the facet's schemas.", new() { ["field"] = invalid.Field, ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.TextTooLong tooLong => Write(422, error.Code, $"'{tooLong.Field}' is longer than {tooLong.MaxLength} characters.", new() { ["field"] = tooLong.Field, ["maxLength"] = tooLong.MaxLength }),
        JadeError.PermissionDenied denied => Write(403, error.Code, $"This needs the right '{Rights.NameOf(denied.Missing)}'.", new() { ["right"] = Rights.NameOf(denied.Missing) }),
        JadeError.Blocked blocked => Write(403, error.Code, "You are blocked from this action.", new() { ["block"] = BlockJson(blocked.Block) }),
        JadeError.DatabaseUnavailable => new Problem(503, error.Code, "The database could not be reached while saving; the change may not have been saved. Try again shortly.",
            [], false, TimeSpan.FromSeconds(5)),
        JadeError.WriteConflict => Write(409, error.Code, "Other changes to the same item kept this one from being saved; nothing was changed. Try again."),
        JadeError.EditConflict conflict => Write(412, error.Code, "The resource changed since you read it; read it again.", new() { ["currentVersion"] = conflict.CurrentVersion }),
        JadeError.InvalidTokenRights invalid => Write(422, error.Code, "A token needs at least one right, and only rights its owner has.", new() { ["right"] = invalid.NotHeld is { } r ? Rights.NameOf(r) : null }),
        JadeError.InvalidTokenExpiry => Write(422, error.Code, "A token's expiry must be in the future."),
        JadeError.InvalidCampaign invalid => Write(422, error.Code, "The campaign is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.CampaignInactive => Write(409, error.Code, "The campaign is not active."),
        JadeError.WorksetOpen open => Write(409, error.Code, "You already have an open workset in this campaign.", new() { ["worksetId"] = open.WorksetId }),
        JadeError.NoTasksLeft => Write(409, error.Code, "No task is left for you in this campaign."),
        JadeError.WorksetClosed => Write(409, error.Code, "The workset takes no more labels: it was given back or has expired (a done workset's labels can be changed until it expires)."),
        JadeError.TaskSkipped => Write(409, error.Code, "You skipped this task: its place went back to others, so it cannot be labeled from this workset."),
        JadeError.ImportRejected rejected => Write(422, error.Code, "The upload has bad lines; nothing was imported.", new() { ["report"] = rejected.Report }),
        JadeError.InvalidGroupChange invalid => Write(422, error.Code, "The group change is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.InvalidBlock invalid => Write(422, error.Code, "The block is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.InvalidVisibility invalid => Write(422, error.Code, "The visibility change is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.InvalidRollback invalid => Write(invalid.Problem == Core.Oversight.RollbackProblem.ChangedSince ? 409 : 422, error.Code, "The rollback is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.AbuseFilterWarning warning => Write(422, error.Code, $"An abuse filter warns about this text: {warning.Description}. Submit the same text again to save it.",
            new() { ["filter"] = warning.FilterId, ["description"] = warning.Description }),
        JadeError.AbuseFilterDisallowed disallowed => Write(403, error.Code, $"An abuse filter does not allow this text: {disallowed.Description}.",
            new() { ["filter"] = disallowed.FilterId, ["description"] = disallowed.Description }),
        JadeError.InvalidAbuseFilter invalid => Write(422, error.Code, "The abuse filter is not valid.", new() { ["problem"] = Camel(invalid.Problem.ToString()) }),
        JadeError.InvalidFilter invalid => Write(400, error.Code, $"The value of '{invalid.Parameter}' is not understood.", new() { ["parameter"] = invalid.Parameter }),
        JadeError.TermsNotAccepted => Write(403, error.Code, "API tokens are issued after their owner accepts the redaction terms (/redaction-terms)."),
        JadeError.DumpUnavailable unavailable => Write(409, error.Code, unavailable.Reason == Core.Dumps.DumpRefusal.AwaitingRewrite
            ? "A redaction was made after this dump was written; it can be downloaded again once it is rewritten."
            : "This dump is not ready (still being written, or it failed).", new() { ["reason"] = Camel(unavailable.Reason.ToString()) }),
        JadeError.QueryRefused refused => Write(refused.Problem switch
        {
            // Never a server error: a query too costly is the query's fault, a full node says when to come back.
            Core.Queries.QueryProblem.TimedOut => 422,
            Core.Queries.QueryProblem.Busy => 429,
            Core.Queries.QueryProblem.NoDump => 409,
            _ => 400,
        }, error.Code, QueryDetail(refused), new() { ["problem"] = Camel(refused.Problem.ToString()), ["message"] = refused.Detail }),
        JadeError.EmptyText empty => Write(422, error.Code, $"'{empty.Field}' must not be empty.", new() { ["field"] = empty.Field }),
        JadeError.NulCharacter => Write(422, error.Code, "A text may not hold the NUL character (U+0000)."),
        JadeError.RateLimited limited => RateLimited(TimeSpan.FromSeconds(limited.RetryAfterSeconds)),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Every error needs an HTTP mapping."),
    };

    private static string QueryDetail(JadeError.QueryRefused refused) => refused.Problem switch
    {
        Core.Queries.QueryProblem.Empty => "The query is empty.",
        Core.Queries.QueryProblem.TooLong => "The query is too long.",
        Core.Queries.QueryProblem.NoDump => "No public dump can be queried yet.",
        Core.Queries.QueryProblem.NotASelect => "Only a SELECT statement can run (no COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA or CREATE).",
        Core.Queries.QueryProblem.MultipleStatements => "Only one statement can run at a time.",
        Core.Queries.QueryProblem.Failed => $"The query failed: {refused.Detail}",
        Core.Queries.QueryProblem.TimedOut => "The query ran past its time limit and was stopped.",
        Core.Queries.QueryProblem.Busy => "Too many queries are running; try again in a moment.",
        _ => throw new ArgumentOutOfRangeException(nameof(refused), refused.Problem, null),
    };

    public static IResult BadRequest(string detail) => Write(400, "badrequest", detail);

    /// <summary>
    /// A page size outside 1 to <paramref name="max"/>: refused as every list of the API refuses it, never served as another
    /// size. Null when it is in range or not given.
    /// </summary>
    public static IResult? LimitOutOfRange(int? limit, int max) => limit is { } given && (given < 1 || given > max)
        ? Write(400, new JadeError.InvalidFilter("limit").Code, $"'limit' must be between 1 and {max}.", new() { ["parameter"] = "limit" })
        : null;

    public static IResult BadToken() => Write(401, "badtoken", "The API token is unknown, revoked or malformed.", authenticate: true);

    public static IResult TooLarge(long limit) => Write(413, "toolarge", $"The request body is larger than {limit} bytes.", new() { ["limit"] = limit });

    /// <summary>The server's own body limit cut the request off (a chunked body has no length to check first).</summary>
    public static IResult BodyTooLarge() => Write(413, "toolarge", "The request body is larger than this endpoint accepts.");

    /// <summary>The body came more slowly than the server's minimum rate (Kestrel's, for every request), so it was not read.</summary>
    public static IResult RequestTimeout(Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate? rate) => rate is null
        ? Write(408, "requesttimeout", "The request body arrived too slowly and was not read; nothing changed. Send it again.")
        : Write(408, "requesttimeout",
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The request body arrived more slowly than {rate.BytesPerSecond:0} bytes a second after its first {rate.GracePeriod.TotalSeconds:0} seconds and was not read; nothing changed. Send it again."),
            new() { ["minBytesPerSecond"] = rate.BytesPerSecond, ["gracePeriodSeconds"] = rate.GracePeriod.TotalSeconds });

    /// <summary>Something failed that should not have: the request changed nothing, and the log says why.</summary>
    public static IResult Internal() => Write(500, "internal", "The request failed on the server and changed nothing; please report it.");

    /// <summary>A body in a media type the endpoint does not read: the answer names those it does (JSON in UTF-8, unless an upload says otherwise).</summary>
    public static IResult UnsupportedContentType(params string[] accepted) => accepted.Length == 0
        ? Write(415, "badcontenttype", "Send the body as application/json, in UTF-8.", new() { ["accepted"] = new[] { "application/json" } })
        : Write(415, "badcontenttype", $"Send the body as {string.Join(" or ", accepted)}.", new() { ["accepted"] = accepted });

    /// <summary>An address (path and query) longer than the app reads.</summary>
    public static IResult UriTooLong(int limit) => Write(414, "uritoolong", $"The address (path and query) is longer than {limit} bytes; send long values in a request body.", new() { ["limit"] = limit });

    /// <summary>Headers larger, or more, than the app reads.</summary>
    public static IResult HeadersTooLarge(int limitBytes, int limitCount) =>
        Write(431, "headerstoolarge", $"The request's headers are larger than {limitBytes} bytes or more than {limitCount}.", new() { ["limit"] = limitBytes, ["limitCount"] = limitCount });

    public static IResult NotFound(string detail) => Write(404, "notfound", detail);

    public static IResult MethodNotAllowed() => Write(405, "badmethod", "This endpoint does not accept that HTTP method.");

    public static IResult Gone(DateTimeOffset horizon) => Write(410, "cursorexpired", "Events before the retention horizon are no longer served; start again without a cursor.", new() { ["horizon"] = horizon });

    /// <summary>A node whose database schema is not current yet (the operator has not run migrate).</summary>
    public static IResult NotReady(TimeSpan retryAfter) => new Problem(503, "notready", "This node's database schema is not current yet; try again shortly.", [], false, retryAfter);

    public static IResult RateLimited(TimeSpan retryAfter) => new Problem(429, "ratelimited", "Too many writes; wait before trying again.", new() { ["retryAfter"] = (int)Math.Ceiling(retryAfter.TotalSeconds) }, false, retryAfter);

    private static IResult Write(int status, string code, string detail, Dictionary<string, object?>? extensions = null, bool authenticate = false) =>
        new Problem(status, code, detail, extensions ?? [], authenticate, null);

    public static object BlockJson(BlockDetails block) => new
    {
        id = block.Id,
        sitewide = block.Sitewide,
        wikis = block.Wikis,
        artifacts = block.Artifacts,
        actions = block.Actions.Select(a => Camel(a.ToString())),
        expiry = block.Expiry,
        reason = block.Reason,
        createdAt = block.CreatedAt,
        source = Camel(block.Source.ToString()),
    };

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Writes the problem document itself, so it is the same whatever the endpoint's own content type.</summary>
    private sealed class Problem(int status, string code, string detail, Dictionary<string, object?> extensions, bool authenticate, TimeSpan? retryAfter) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.RequestServices.GetService<Core.Metrics.JadeMetrics>()?.ApiError(status, code);
            context.Response.StatusCode = status;
            context.Response.ContentType = ContentType;
            // A refusal created nothing: no Location from a step that succeeded before the one that refused.
            context.Response.Headers.Remove(HeaderNames.Location);
            if (authenticate)
            {
                context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            }
            if (retryAfter is { } wait)
            {
                context.Response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            var body = new Dictionary<string, object?>
            {
                ["type"] = ApiErrorCodes.TypeOf(code),
                ["title"] = code,
                ["status"] = status,
                ["detail"] = detail,
                ["code"] = code,
            };
            foreach (var (key, value) in extensions)
            {
                body[key] = value;
            }
            await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(body, ApiJson.Output), context.RequestAborted);
        }
    }
}
