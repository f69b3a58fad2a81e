using JadeStudio.Core.Commands;
using JadeStudio.Core.Demo;
using JadeStudio.Core.Storage;
using JadeStudio.Web.Api;
using JadeStudio.Web.Auth;
using JadeStudio.Web.Components;
using Microsoft.Extensions.Options;

namespace JadeStudio.Web.Infrastructure;

public static class JadeStudioPipeline
{
    /// <summary>
    /// Before the app takes requests: brings the database to the current schema, or — where migrating is left to the
    /// operator's <c>migrate</c> command — only checks that it can serve it (pending migrations then keep /readyz
    /// not ready). Either way a damaged or unknown file is refused.
    /// </summary>
    /// <returns>Whether the schema is current (else the app serves only /healthz and /readyz until it is).</returns>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IDatabaseStore>();
        await using var db = app.MigrationContext();
        // EF Core's model (a second of a cold start) is built now, while the file is checked; it opens no connection.
        _ = db.Model;
        if (app.Services.GetRequiredService<IOptions<JadeStudioOptions>>().Value.Database.MigrateAtStart)
        {
            await store.MigrateAsync(db);
        }
        else if (await store.VerifyAsync(db) is { Count: > 0 } pending)
        {
            app.Logger.LogWarning("{Count} database migrations are pending; this node is not ready until the migrate command has run.", pending.Count);
            return false;
        }
        app.Services.GetRequiredService<SchemaState>().MarkCurrent();
        // Only now: the writer is made while the file is still being checked, and opens its connection when told.
        await app.Services.GetRequiredService<CommandWriter>().OpenAsync();
        return true;
    }

    /// <summary>
    /// The context that checks and migrates the database. Not a reader's: SQLite's readers open their connection with
    /// the context, and nothing may open the file before the start-up check has passed (a file that is no database
    /// would fail there, unexplained). It shares the readers' model.
    /// </summary>
    public static JadeDbContext MigrationContext(this WebApplication app) =>
        new StoreContextFactory(app.Services.GetRequiredService<IDatabaseStore>(), app.Services.GetRequiredService<ILoggerFactory>()).CreateDbContext();

    /// <summary>Loads the demo files on first start where demo data is enabled.</summary>
    public static async Task LoadDemoDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<JadeStudioOptions>>().Value.DemoData;
        if (options.IsEnabledIn(app.Environment))
        {
            if (options.ResolveDirectory(app.Environment.ContentRootPath) is { } directory)
            {
                await app.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(directory);
            }
            else
            {
                app.Logger.LogWarning("Demo data is enabled but no shared/data folder was found; set JadeStudio:DemoData:Directory.");
            }
        }
    }

    public static WebApplication UseJadeStudio(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Inner handler first: under /api an empty 404/405/415 becomes problem+json, which the
        // outer HTML not-found page then leaves alone (the response already has a body).
        app.UseSecurityHeaders();
        // Cross-origin next: a preflight is answered before anything else, and every answer, refusals included (a node
        // whose schema is not current, an address or headers over the limits), is readable by the script that asked.
        app.UseWhen(ApiServices.IsCrossOriginRequest, api => api.UseCors(ApiOptions.CrossOriginPolicy));
        if (!app.Services.GetRequiredService<IOptions<JadeStudioOptions>>().Value.Database.MigrateAtStart)
        {
            // Before anything reads the database: a node whose schema is not current answers 503 until it is.
            app.UseMiddleware<SchemaGate>();
        }
        app.UseBadRequestStatus();
        // A fresh scope for the re-executed page: a Blazor page's services (its navigation manager) serve one render.
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(ApiServices.IsApiRequest, api => api.UseApiStatusProblems().UseDocumentationPageReadOnly().UseApiErrors());
        app.UseOversizedRequestRefusal();
        app.UseNulCharacterRefusal();

        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<UiPreferencesMiddleware>();
        app.UseAntiforgery();

        // Fingerprinted, compressed and cached for a year: the app's own assets (wwwroot/assets), MudBlazor's and the framework's.
        app.MapStaticAssets();
        // Alive: the process answers (no check). Ready: the database is reachable and its schema current.
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz");
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapAuthEndpoints();
        app.MapJadeApi();
        app.MapDumpDownloads();
        // The circuits' WebSockets are not compressed: with ASP.NET Core's default every open page keeps a compressor (about
        // 0.2 MB of native memory) for as long as it is open, and compressing each message on its own instead made every
        // Save & next 10-15 ms slower (#20). Framing stays refused by SecurityHeaders' own frame-ancestors.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = true).AnswerHeadAsGet();
        return app;
    }

    /// <summary>
    /// Builds the endpoints (each API handler's request delegate, the pages' routes) and makes the hosted services now,
    /// rather than when the host starts: called while SQLite checks the file, when the start-up leaves a core idle, it
    /// takes 0.2–0.35 s off the start (neither reads the database).
    /// </summary>
    public static void BuildEndpointsAndServices(this WebApplication app)
    {
        _ = ((IEndpointRouteBuilder)app).DataSources.Sum(source => source.Endpoints.Count);
        _ = app.Services.GetServices<IHostedService>().Count();
    }
}
