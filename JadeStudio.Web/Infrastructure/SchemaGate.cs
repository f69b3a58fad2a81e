using JadeStudio.Core.I18n;
using JadeStudio.Core.Storage;
using JadeStudio.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// A node that leaves migrating to the operator (<c>JadeStudio:Database:MigrateAtStart=false</c>) serves nothing
/// but <c>/healthz</c> and <c>/readyz</c> while migrations are pending: everything else is 503 with Retry-After
/// (problem+json <c>notready</c> under /api), never a half-working page. Each such request asks the database again
/// (one cheap query: a node that is not ready gets little traffic), so the first request after the operator has
/// migrated is served, and the gate stays open for good.
/// </summary>
public sealed class SchemaGate(RequestDelegate next)
{
    /// <summary>What the 503 suggests to wait before asking again.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async Task InvokeAsync(HttpContext context, IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, SchemaState schema, MessageCatalog catalog)
    {
        if (schema.IsCurrent || context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz")
            || await IsCurrentAsync(contexts, store, schema, context.RequestAborted))
        {
            await next(context);
            return;
        }
        if (ApiServices.IsApiRequest(context))
        {
            await ApiProblem.NotReady(RetryAfter).ExecuteAsync(context);
            return;
        }
        // No account is read (the database is not ready): ?uselang, the visitor's cookie, the browser.
        var language = UiPreferencesMiddleware.LanguageOf(context, null, catalog);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(catalog.Format(language, "jadestudio-notready"), context.RequestAborted);
    }

    /// <remarks>A database that cannot be asked is not known to be current: the same 503, which this gate answers before the API's own error handling.</remarks>
    private static async Task<bool> IsCurrentAsync(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, SchemaState schema, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
            {
                return false;
            }
        }
        catch (Exception unreachable) when (store.IsUnreachable(unreachable))
        {
            return false;
        }
        schema.MarkCurrent();
        return true;
    }
}
