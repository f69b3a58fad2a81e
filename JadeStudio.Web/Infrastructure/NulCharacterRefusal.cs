using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Web.Api;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// An address whose query holds the NUL character is refused before anything reads it: no text may hold one
/// (<see cref="Core.Storage.NulCharacterGuard"/>), and a page binds its query before any command could refuse it. Under
/// /api the problem <c>jade-nulcharacter</c>, as for a body holding one; a page answers 400.
/// </summary>
public static class NulCharacterRefusal
{
    public static IApplicationBuilder UseNulCharacterRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Only "%00" decodes to U+0000 here: Kestrel refuses a raw NUL in the request line.
        if (context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true)
        {
            await next(context);
        }
        else if (ApiServices.IsApiRequest(context))
        {
            await ApiProblem.Of(new JadeError.NulCharacter(), ActorRef.Anonymous).ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    });
}
