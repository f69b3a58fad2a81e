using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;

namespace JadeStudio.Web.Api;

public sealed class GroupChangeBody
{
    /// <summary>Groups to add (or whose expiry to change).</summary>
    public IReadOnlyList<string> Add { get; init; } = [];

    public IReadOnlyList<string> Remove { get; init; } = [];

    /// <summary>For the added groups; absent: indefinite.</summary>
    public DateTimeOffset? Expiry { get; init; }

    public required string Reason { get; init; }
}

public sealed record TokenDto(long Id, string Name, string Prefix, IReadOnlyList<string> Rights, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt);

public sealed record SearchHitDto(string Kind, string Artifact, UserDto Author, DateTimeOffset At, string Snippet);

/// <summary>Group changes, one's own API tokens and search: what the User groups, API tokens and Search pages do.</summary>
public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        api.MapPost("/users/{id:long}/groups", ChangeGroupsAsync).WithTags("Users").WithName("changeGroups")
            .WithSummary("Add and remove a user's groups, with a reason and an optional expiry (right managegroups); every change is logged.")
            .Accepts<GroupChangeBody>("application/json").Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        api.MapGet("/tokens", ListTokensAsync).WithTags("Tokens").WithName("listTokens")
            .WithSummary("Your API tokens (never their secrets).").Produces<List<TokenDto>>();
        api.MapDelete("/tokens/{id:long}", RevokeTokenAsync).WithTags("Tokens").WithName("revokeToken")
            .WithSummary("Revoke one of your tokens; it is refused from then on (also the one making this call).").Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        api.MapGet("/search", SearchAsync).WithTags("Search").WithName("search")
            .WithSummary("Full-text search over comments, thread titles, proposal notes and endorsement comments; hidden text is never returned.")
            .Produces<List<SearchHitDto>>();
        return api;
    }

    /// <summary>All the changes as one command: a refused one leaves the others undone.</summary>
    private static Task<IResult> ChangeGroupsAsync(long id, HttpContext context, GroupService groups) =>
        ApiWrites.NoContentAsync<GroupChangeBody, bool>(context, (caller, body) =>
            groups.ChangeAsync(caller, id, body.Add, body.Remove, body.Reason, body.Expiry, context.RequestAborted),
            body => ApiWrites.NullItem("add", body.Add) ?? ApiWrites.NullItem("remove", body.Remove));

    private static async Task<IResult> ListTokensAsync(HttpContext context, ApiTokenService tokens)
    {
        var caller = ApiCaller.Of(context).Actor;
        if (caller.UserId is not { } userId)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.PermissionDenied(Right.ApiTokens), caller);
        }
        return ApiJson.Json((await tokens.ListAsync(userId, context.RequestAborted)).Select(t =>
            new TokenDto(t.Id, t.Name, t.Prefix, t.Rights.Select(Rights.NameOf).ToList(), t.CreatedAt, t.LastUsedAt, t.RevokedAt, t.ExpiresAt)).ToList());
    }

    private static async Task<IResult> RevokeTokenAsync(long id, HttpContext context, ApiTokenService tokens)
    {
        var caller = ApiCaller.Of(context).Actor;
        var result = await tokens.RevokeAsync(caller, id, context.RequestAborted);
        return result.IsSuccess ? Results.NoContent() : ApiProblem.Of(result.Error!, caller);
    }

    private static async Task<IResult> SearchAsync(string? q, string? wiki, long? author, DateTimeOffset? from, DateTimeOffset? to, int? limit, HttpContext context, DiscussionQueries queries)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return ApiProblem.BadRequest("Give the words to search for as q.");
        }
        if (ApiProblem.LimitOutOfRange(limit, 200) is { } outOfRange)
        {
            return outOfRange;
        }
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        var hits = await queries.SearchAsync(new SearchQuery(q, wiki, author, from, to, limit ?? 50), viewer, context.RequestAborted);
        return ApiJson.Json(hits.Select(h => new SearchHitDto(ApiProblem.Camel(h.Kind.ToString()), h.Artifact.ToString(), ApiModels.User(h.Author), h.At, h.Snippet)).ToList());
    }
}
