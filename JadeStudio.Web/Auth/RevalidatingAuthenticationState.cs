using JadeStudio.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace JadeStudio.Web.Auth;

/// <summary>
/// Checks an open circuit's user every minute: a circuit keeps its principal for as long as the tab
/// is open, so a removed or hidden account must drop out. (Rights and blocks are re-read on every
/// action regardless; this catches the identity itself.)
/// </summary>
public sealed class RevalidatingAuthenticationState(ILoggerFactory loggerFactory, UserDirectory users) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.GetUserId() is not { } userId)
        {
            return true;
        }
        var user = await users.FindAsync(userId, cancellationToken);
        return user is { Hidden: false };
    }
}
