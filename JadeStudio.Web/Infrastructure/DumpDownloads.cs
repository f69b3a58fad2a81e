using JadeStudio.Core.Dumps;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Web.Api;
using JadeStudio.Web.Auth;
using JadeStudio.Web.I18n;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// The /dumps page's download links: the same files as /api/v1/dumps/{id}/files/{name}, for the signed-in browser user
/// (the API reads only tokens). GET only, so the cookie opens nothing a link from elsewhere could misuse.
/// </summary>
public static class DumpDownloads
{
    public static IEndpointRouteBuilder MapDumpDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dumps/{id:long}/files/{name}", DownloadAsync).AnswerHeadAsGet();
        return app;
    }

    private static async Task<IResult> DownloadAsync(long id, string name, HttpContext context, DumpCatalog catalog, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, Messages m)
    {
        await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
        var reader = await actors.LoadAsync(db, context.User.GetUserId() is { } userId ? ActorRef.User(userId) : ActorRef.Anonymous, context.RequestAborted);
        var (file, refusal) = await catalog.OpenFileAsync(id, name, reader, context.RequestAborted);
        if (file is not null)
        {
            return DumpDownload.File(file, name);
        }
        var status = refusal switch
        {
            DumpRefusal.NoRight => StatusCodes.Status403Forbidden,
            DumpRefusal.NotReady or DumpRefusal.AwaitingRewrite => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status404NotFound,
        };
        return Results.Text(ErrorText.Describe(DumpsApi.Error(refusal!.Value), m), statusCode: status);
    }
}
