using System.Globalization;
using JadeStudio.Core.Judgments;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/proposals/{id}: read, notes, delete, preference, endorsements.</summary>
public static class ProposalsApi
{
    public static RouteGroupBuilder MapProposalsApi(this RouteGroupBuilder api)
    {
        var proposal = api.MapGroup("/proposals/{id:long}").WithTags("Proposals");
        proposal.MapGet("", GetAsync).WithName("getProposal").WithSummary("One proposal with its endorsements; ETag for If-Match.").Produces<ProposalDto>();
        proposal.MapPatch("", UpdateNotesAsync).WithName("updateProposalNotes")
            .WithSummary("Change the proposal's notes (author, or editothersjudgments). If-Match: the proposal's ETag.")
            .Accepts<NotesBody>("application/json").Produces<ProposalDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        proposal.MapDelete("", DeleteAsync).WithName("deleteProposal")
            .WithSummary("Delete the proposal and its endorsements (not the preferred one while others exist).")
            .Produces<OutcomeDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        proposal.MapPost("/preferred", SetPreferredAsync).WithName("setPreference")
            .WithSummary("Make this the preferred proposal of its facet (right setpreferred).").Produces<OutcomeDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        proposal.MapPost("/endorsements", EndorseAsync).WithName("endorse")
            .WithSummary("Endorse this proposal; an endorsement you had in the same facet moves here.")
            .Accepts<CommentBody>("application/json").Produces<OutcomeDto>().Produces<OutcomeDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        proposal.MapPatch("/endorsements/{user}", UpdateEndorsementAsync).WithName("updateEndorsement")
            .WithSummary("Change an endorsement's comment; {user} is 'me' or a user id (others need editothersjudgments).")
            .Accepts<CommentBody>("application/json").Produces<OutcomeDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        proposal.MapDelete("/endorsements/{user}", DeleteEndorsementAsync).WithName("deleteEndorsement")
            .WithSummary("Withdraw an endorsement; {user} is 'me' or a user id (others need editothersjudgments).")
            .Produces<OutcomeDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, JudgmentReader reader)
    {
        var found = await reader.FindProposalAsync(id, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        if (found is null)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.ProposalNotFound(id), ApiCaller.Of(context).Actor);
        }
        var (view, facet, proposal) = found.Value;
        return ApiJson.Json(ApiModels.Proposal(view.Key, facet.Facet.Id, proposal), etag: ApiModels.ProposalETag(proposal.Id, proposal.Version));
    }

    private static async Task<IResult> UpdateNotesAsync(long id, HttpContext context, JudgmentService judgments, JudgmentReader reader)
    {
        var (body, problem) = await ApiWrites.BodyAsync<NotesBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var expected = ApiWrites.ExpectedVersion(context, 'p', id);
        var result = await judgments.UpdateProposalNotesAsync(ApiCaller.Of(context).Actor, id, body!.Notes, expected, context.RequestAborted);
        return result.IsSuccess ? await GetAsync(id, context, reader) : ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor);
    }

    private static Task<IResult> DeleteAsync(long id, string? reason, HttpContext context, JudgmentService judgments) =>
        ApiWrites.RunAsync(context, null, actor => judgments.DeleteProposalAsync(actor, id, reason, ApiWrites.ExpectedVersion(context, 'p', id), context.RequestAborted));

    private static Task<IResult> SetPreferredAsync(long id, HttpContext context, JudgmentService judgments) =>
        ApiWrites.RunAsync(context, null, actor => judgments.SetPreferredAsync(actor, id, ApiWrites.ExpectedVersion(context, 'p', id), context.RequestAborted));

    private static async Task<IResult> EndorseAsync(long id, HttpContext context, JudgmentService judgments)
    {
        var comment = await OptionalCommentAsync(context);
        if (comment.Problem is not null)
        {
            return comment.Problem;
        }
        return await ApiWrites.RunAsync(context, null, actor => judgments.EndorseAsync(actor, id, comment.Value, Origins.Api, context.RequestAborted),
            outcome => outcome.Kind == JudgmentOutcomeKind.Endorsed ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> UpdateEndorsementAsync(long id, string user, HttpContext context, JudgmentService judgments, JudgmentReader reader)
    {
        if (!TryUser(user, out var endorser))
        {
            return ApiProblem.BadRequest("{user} must be 'me' or a user id.");
        }
        var (body, problem) = await ApiWrites.BodyAsync<CommentBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var endorsementId = await reader.EndorsementIdAsync(id, endorser ?? ApiCaller.Of(context).Actor.UserId, context.RequestAborted);
        var expected = ApiWrites.ExpectedVersion(context, 'e', endorsementId ?? -1);
        return await ApiWrites.RunAsync(context, null, actor => judgments.UpdateEndorsementCommentAsync(actor, id, endorser, body!.Comment, expected, context.RequestAborted));
    }

    private static async Task<IResult> DeleteEndorsementAsync(long id, string user, string? reason, HttpContext context, JudgmentService judgments, JudgmentReader reader)
    {
        if (!TryUser(user, out var endorser))
        {
            return ApiProblem.BadRequest("{user} must be 'me' or a user id.");
        }
        var endorsementId = await reader.EndorsementIdAsync(id, endorser ?? ApiCaller.Of(context).Actor.UserId, context.RequestAborted);
        var expected = ApiWrites.ExpectedVersion(context, 'e', endorsementId ?? -1);
        return await ApiWrites.RunAsync(context, null, actor => judgments.DeleteEndorsementAsync(actor, id, endorser, reason, expected, context.RequestAborted));
    }

    /// <summary>"me" → null (the caller); a number → that user.</summary>
    private static bool TryUser(string user, out long? userId)
    {
        userId = null;
        if (user == "me")
        {
            return true;
        }
        if (long.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            userId = id;
            return true;
        }
        return false;
    }

    /// <summary>Endorsing may come with no body at all, or with {"comment": …}.</summary>
    private static async Task<(string? Value, IResult? Problem)> OptionalCommentAsync(HttpContext context)
    {
        if (context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey(HeaderNames.TransferEncoding))
        {
            return (null, null);
        }
        var (body, problem) = await ApiWrites.BodyAsync<CommentBody>(context);
        return (body?.Comment, problem);
    }
}
