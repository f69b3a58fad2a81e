using System.Text.Json;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.WikiContent;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/artifacts/{wiki}/{type}/{revId}: all judgments in one call, history, and proposing.</summary>
public static class ArtifactsApi
{
    public static RouteGroupBuilder MapArtifactsApi(this RouteGroupBuilder api)
    {
        var artifact = api.MapGroup("/artifacts/{wiki}/{type}/{revId}").WithTags("Artifacts");
        artifact.MapGet("", GetAsync).WithName("getArtifact")
            .WithSummary("An artifact with all its proposals, endorsements and the preferred flag, per facet.")
            .Produces<ArtifactDto>().Produces(304);
        artifact.MapGet("/history", HistoryAsync).WithName("getArtifactHistory")
            .WithSummary("The artifact's judgment history, newest first (cursor pages).").Produces<EventPageDto>();
        artifact.MapPost("/proposals", CreateAndEndorseAsync).WithName("createAndEndorse").CreatesAt("/api/v1/proposals/{id}")
            .WithSummary("Create a proposal with new labels and endorse it (409 if the labels are already proposed).")
            .Accepts<ProposeBody>("application/json").Produces<OutcomeDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        artifact.MapPost("/judgments", ProposeOrEndorseAsync).WithName("proposeOrEndorse").CreatesAt("/api/v1/proposals/{id}")
            .WithSummary("Endorse the proposal with these labels, creating it if needed (moves your endorsement in that facet).")
            .Accepts<ProposeBody>("application/json").Produces<OutcomeDto>().Produces<OutcomeDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> GetAsync(string wiki, string type, string revId, HttpContext context, JudgmentReader reader, WikiContentFetcher fetcher)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        var view = await reader.GetAsync(key, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        if (view.Revision is null)
        {
            // Read in the background, so a later read has it; this one answers now with "not cached".
            fetcher.Request(key.Wiki, key.RevId);
        }
        // Views are shared between requests until the next write (ArtifactViewCache); so is their JSON.
        var serialized = SerializedViews.GetValue(view, Serialize);
        if (context.Request.Headers[HeaderNames.IfNoneMatch].ToString() == serialized.ETag)
        {
            context.Response.Headers[HeaderNames.ETag] = serialized.ETag;
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return ApiJson.Serialized(serialized.Body, serialized.ETag);
    }

    private sealed record SerializedView(byte[] Body, string ETag);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ArtifactView, SerializedView> SerializedViews = new();

    /// <summary>
    /// The ETag is a digest of what this reader gets (placeholders included), so it changes exactly when their
    /// representation does: a deleted note being suppressed changes it for a sysop, and nothing an anonymous
    /// reader cannot see (an oversight request, a log entry) changes it for them.
    /// </summary>
    private static SerializedView Serialize(ArtifactView view)
    {
        var digest = System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(ApiModels.Artifact(view, ""), ApiJson.Output));
        var etag = $"\"a{Convert.ToHexString(digest, 0, 12).ToLowerInvariant()}\"";
        return new SerializedView(JsonSerializer.SerializeToUtf8Bytes(ApiModels.Artifact(view, etag), ApiJson.Output), etag);
    }

    private static async Task<IResult> HistoryAsync(string wiki, string type, string revId, string? cursor, int? limit, HttpContext context, EventFeed feed)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        if (ApiProblem.LimitOutOfRange(limit, 1000) is { } outOfRange)
        {
            return outOfRange;
        }
        long? before = null;
        if (cursor is not null)
        {
            if (!FeedCursor.TryDecode(cursor, out var seq))
            {
                return ApiProblem.BadRequest("Unknown cursor.");
            }
            before = seq;
        }
        var page = await feed.ReadAsync(new FeedQuery(AfterSeq: before, Artifact: key, Limit: limit ?? 100, NewestFirst: true), await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        return page switch
        {
            FeedPage.Events events => ApiJson.Json(new EventPageDto(events.Items.Select(ApiModels.Event).ToList(), events.NextCursor)),
            FeedPage.Expired expired => ApiProblem.Gone(expired.Horizon),
            _ => throw new InvalidOperationException(),
        };
    }

    private static Task<IResult> CreateAndEndorseAsync(string wiki, string type, string revId, HttpContext context, JudgmentService judgments) =>
        ProposeAsync(wiki, type, revId, context, (actor, request) => judgments.CreateAndEndorseAsync(actor, request, context.RequestAborted));

    private static Task<IResult> ProposeOrEndorseAsync(string wiki, string type, string revId, HttpContext context, JudgmentService judgments) =>
        ProposeAsync(wiki, type, revId, context, (actor, request) => judgments.ProposeOrEndorseAsync(actor, request, context.RequestAborted));

    private static async Task<IResult> ProposeAsync(string wiki, string type, string revId, HttpContext context,
        Func<Core.Permissions.ActorRef, ProposeRequest, Task<Core.Commands.Result<JudgmentOutcome>>> command)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        var (body, bodyProblem) = await ApiWrites.BodyAsync<ProposeBody>(context);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }
        var request = new ProposeRequest(key, body!.Facet, body.Labeldata.GetRawText(), body.Notes, body.Comment, Origins.Api);
        return await ApiWrites.RunAsync(context, key, actor => command(actor, request),
            outcome => outcome.Kind == JudgmentOutcomeKind.ProposalCreated ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
