using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Web.Auth;

/// <summary>
/// The signed-in user of this request or circuit. Rights and blocks are loaded fresh on every
/// call: a circuit lives long, and a removed right or a new block must count at once.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts)
{
    public async Task<ActorRef> RefAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.GetUserId() is { } id ? ActorRef.User(id) : ActorRef.Anonymous;
    }

    public async Task<Actor> LoadAsync(CancellationToken cancellationToken = default)
    {
        var actor = await RefAsync();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await actors.LoadAsync(db, actor, cancellationToken);
    }
}
