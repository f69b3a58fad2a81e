using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>
/// Who calls the API: anonymous, or the owner of a Bearer token limited to the token's rights.
/// Cookies are ignored here on purpose — no cookie, no CSRF surface.
/// </summary>
public sealed class ApiCaller
{
    private const string ItemKey = "jadestudio:api-caller";

    private ApiCaller(ActorRef actor, long? tokenId)
    {
        Actor = actor;
        TokenId = tokenId;
    }

    public ActorRef Actor { get; }

    public long? TokenId { get; }

    public static ApiCaller Of(HttpContext context) => (ApiCaller)context.Items[ItemKey]!;

    /// <summary>The caller, once the API's filter has resolved one (not for a request refused before it).</summary>
    public static ApiCaller? Find(HttpContext context) => context.Items[ItemKey] as ApiCaller;

    /// <summary>Endpoint filter for the whole API group: resolves the caller or answers 401 badtoken.</summary>
    public static async ValueTask<object?> ResolveAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length == 0)
        {
            context.Items[ItemKey] = new ApiCaller(ActorRef.Anonymous, null);
            return await next(invocation);
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblem.BadToken();
        }
        var tokens = context.RequestServices.GetRequiredService<ApiTokenService>();
        var identity = await tokens.AuthenticateAsync(header["Bearer ".Length..].Trim(), context.RequestAborted);
        if (identity is null)
        {
            return ApiProblem.BadToken();
        }
        context.Items[ItemKey] = new ApiCaller(identity.Actor, identity.TokenId);
        return await next(invocation);
    }

    /// <summary>The caller's current rights and blocks (for redaction of what they read).</summary>
    public Task<Actor> LoadAsync(HttpContext context) => LoadAsync(context.RequestServices, context.RequestAborted);

    /// <summary>
    /// For a request that outlives many commits (an event stream), before each page: the caller as now, or null once the
    /// token it began with was revoked or expired, so the stream ends rather than serve a token its owner took back.
    /// </summary>
    public async Task<Actor?> LoadWhileTokenHoldsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (TokenId is { } token && !await services.GetRequiredService<ApiTokenService>().StillHoldsAsync(token, cancellationToken))
        {
            return null;
        }
        return await LoadAsync(services, cancellationToken);
    }

    /// <summary>The same, away from the request's thread (the event stream reads ahead while it writes).</summary>
    public async Task<Actor> LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (Actor.UserId is null)
        {
            // Anonymous readers (most of the traffic) need no database round trip.
            return services.GetRequiredService<ActorLoader>().Anonymous;
        }
        var contexts = services.GetRequiredService<IDbContextFactory<JadeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await services.GetRequiredService<ActorLoader>().LoadAsync(db, Actor, cancellationToken);
    }
}
