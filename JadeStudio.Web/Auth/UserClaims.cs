using System.Globalization;
using System.Security.Claims;

namespace JadeStudio.Web.Auth;

/// <summary>The claims JadeStudio's sign-in cookie carries: the internal user id and the display name.</summary>
public static class UserClaims
{
    public const string UserId = "jadestudio:uid";

    public static long? GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirst(UserId)?.Value is { } value && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    public static ClaimsPrincipal For(long userId, string name, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(UserId, userId.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, name)],
            authenticationType));
}
