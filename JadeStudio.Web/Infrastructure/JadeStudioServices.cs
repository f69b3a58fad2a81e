using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Demo;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Events;
using JadeStudio.Core.I18n;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.RateLimits;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Scores;
using JadeStudio.Core.WikiBlocks;
using JadeStudio.Core.WikiContent;
using JadeStudio.Core.Wikis;
using JadeStudio.Web.Api;
using JadeStudio.Web.Auth;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Web.I18n;
using JadeStudio.Storage.PostgreSql;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using OpenTelemetry.Metrics;

namespace JadeStudio.Web.Infrastructure;

/// <summary>Everything JadeStudio.Web registers, so Program.cs stays a few lines.</summary>
public static class JadeStudioServices
{
    /// <summary>Core services: configuration (wikis, group rights), the single writer, commands and queries.</summary>
    private static void AddJudgmentCore(this IServiceCollection services, IConfiguration configuration, WikiCatalog wikis, IDatabaseStore store, JadeStudioOptions options)
    {
        services.AddSingleton(wikis);
        var permissions = configuration.ReadSettings<PermissionOptions>("JadeStudio:Permissions") is { Groups.Count: > 0 } groups ? groups : PermissionOptions.Defaults();
        permissions.Validate();
        services.AddSingleton(permissions);
        services.AddSingleton(SchemaCatalog.LoadEmbedded());
        services.AddSingleton<EventHub>();
        services.AddSingleton(configuration.ReadSettings<FeedOptions>("JadeStudio:Feed"));
        services.AddSingleton<EventFeed>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<JadeStudio.Core.Metrics.JadeMetrics>();
        services.AddSingleton(provider => new CommandWriter(provider.GetRequiredService<IDatabaseStore>(), provider.GetRequiredService<EventHub>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<JadeStudio.Core.Metrics.JadeMetrics>()));
        services.AddSingleton<ActorLoader>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<CampaignQueries>();
        services.AddSingleton<CampaignExport>();
        services.AddSingleton<ImportService>();
        services.AddJadeScores(configuration);
        services.AddJadeWikiContent(configuration);
        var dumps = configuration.ReadSettings<JadeStudio.Core.Dumps.DumpOptions>(JadeStudio.Core.Dumps.DumpOptions.Section);
        dumps.Directory = Path.GetFullPath(dumps.Directory is { Length: > 0 } configured ? configured : Path.Combine(options.ResolveDataDirectory(), "dumps"));
        services.AddJadeDumps(dumps);
        services.AddHostedService<DumpRedactionWorker>();
        services.AddJadeJobs(store, configuration.ReadSettings<JobOptions>(JobOptions.Section), dumps);
        services.AddSingleton<SchemaState>();
        services.AddHostedService<JobSchedulerWorker>();
        services.AddSingleton(configuration.ReadSettings<DiscussionOptions>("JadeStudio:Discussions"));
        services.AddSingleton<DiscussionService>();
        services.AddSingleton<DiscussionQueries>();
        services.AddSingleton<JadeStudio.Core.AbuseFilters.AbuseFilterService>();
        services.AddSingleton(configuration.ReadSettings<JadeStudio.Core.Patrol.PatrolOptions>(JadeStudio.Core.Patrol.PatrolOptions.Section));
        services.AddSingleton<JadeStudio.Core.Patrol.PatrolQueue>();
        services.AddSingleton<JudgmentService>();
        services.AddSingleton<ArtifactViewCache>();
        services.AddSingleton<JudgmentReader>();
        services.AddSingleton<ArtifactQueries>();
        services.AddSingleton<WikiSummaries>();
        services.AddSingleton<BlockService>();
        services.AddSingleton<BlockQueries>();
        services.AddSingleton<JadeStudio.Core.Oversight.VisibilityService>();
        services.AddSingleton<JadeStudio.Core.Oversight.OversightLog>();
        services.AddSingleton<JadeStudio.Core.Changes.RecentChanges>();
        services.AddSingleton<JadeStudio.Core.Logs.LogReader>();
        services.AddSingleton(configuration.ReadSettings<JadeStudio.Core.Activity.ActivityOptions>(JadeStudio.Core.Activity.ActivityOptions.Section));
        services.AddSingleton<JadeStudio.Core.Activity.ActivityQueries>();
        services.AddSingleton<JadeStudio.Core.Oversight.OversightRequestService>();
        services.AddSingleton<JadeStudio.Core.Oversight.OversightRequestQueries>();
        services.AddSingleton<JadeStudio.Core.Oversight.RollbackService>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<JudgmentActions>();
        services.AddScoped<JadeStudio.Web.Components.Layout.MenuCounts>();
    }

    /// <summary>
    /// What the app sends as its User-Agent to every outside service (wikis, score service, sign-in provider): a
    /// name, a version and the operator's contact address, as Wikimedia's policy asks (JadeStudio:WikiContent:AppName,
    /// AppVersion, ContactUrl).
    /// </summary>
    private static string OperatorUserAgent(IConfiguration configuration) =>
        configuration.ReadSettings<WikiContentOptions>(WikiContentOptions.Section).UserAgent;

    /// <summary>Scores: the cache, analysis, file import, and an external source only when configured (off by default).</summary>
    private static void AddJadeScores(this IServiceCollection services, IConfiguration configuration)
    {
        var sourceOptions = configuration.ReadSettings<ScoreSourceOptions>("JadeStudio:Scores");
        // The score service learns who is asking as the wikis do (Lift Wing is Wikimedia's too).
        sourceOptions.UserAgent ??= OperatorUserAgent(configuration);
        services.AddSingleton(sourceOptions);
        services.AddSingleton(configuration.ReadSettings<ScoreSettings>("JadeStudio:Scores"));
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<AnalysisService>();
        services.AddSingleton<ScoreImportService>();
        services.AddHttpClient("scores").AddResilienceHandler("scores", pipeline => ScoreResilience.Configure(pipeline, sourceOptions));
        if (sourceOptions.IsEnabled)
        {
            services.AddSingleton<IScoreSource>(provider =>
            {
                var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("scores");
                return sourceOptions.Source == "liftwing" ? new LiftWingClient(http, sourceOptions) : new OresClient(http, sourceOptions);
            });
        }
        services.AddSingleton<ScoreService>();
    }

    /// <summary>
    /// What artifacts are, read from their wikis, and the cache of it. JadeStudio:WikiContent:Enabled=false stops
    /// the pages and background work from asking the wikis; the cache can still be purged.
    /// </summary>
    private static void AddJadeWikiContent(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.ReadSettings<WikiContentOptions>(WikiContentOptions.Section);
        services.AddSingleton(options);
        // One pipeline per wiki host, shared by every caller, so its request limit counts them all.
        services.AddHttpClient("wikicontent")
            .AddResilienceHandler("wikicontent", (pipeline, context) =>
            {
                var metrics = context.ServiceProvider.GetRequiredService<JadeStudio.Core.Metrics.JadeMetrics>();
                WikiResilience.Configure(pipeline, options, _ =>
                {
                    metrics.WikiBackoff();
                    return ValueTask.CompletedTask;
                });
            })
            .SelectPipelineByAuthority();
        services.AddSingleton(provider => new MediaWikiClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient("wikicontent"), provider.GetRequiredService<WikiCatalog>(), options,
            provider.GetRequiredService<JadeStudio.Core.Metrics.JadeMetrics>()));
        services.AddSingleton<IWikiContentSource>(provider => provider.GetRequiredService<MediaWikiClient>());
        // Blocks on the wikis are read through the same client (and its per-wiki limits) when the wikis are asked at all.
        var blockOptions = configuration.ReadSettings<WikiBlockOptions>(WikiBlockOptions.Section);
        if (options.Enabled && blockOptions.Enabled)
        {
            services.AddSingleton(blockOptions);
            services.AddSingleton<IWikiBlockSource>(provider => provider.GetRequiredService<MediaWikiClient>());
            services.AddSingleton<WikiBlockCache>();
            services.AddSingleton<WikiBlockRefresher>();
            services.AddHostedService<WikiBlockWorker>();
        }
        services.AddSingleton<JadeStudio.Core.Patrol.IRecentChangesSource>(provider => provider.GetRequiredService<MediaWikiClient>());
        if (options.Enabled && configuration.ReadSettings<JadeStudio.Core.Patrol.PatrolOptions>(JadeStudio.Core.Patrol.PatrolOptions.Section) is { Wikis.Count: > 0 })
        {
            services.AddHostedService<PatrolFeedWorker>();
        }
        services.AddSingleton<WikiContentService>();
        services.AddSingleton<RevisionCache>();
        services.AddSingleton<WikiContentFetcher>();
        if (options.Enabled)
        {
            services.AddHostedService<WikiContentWorker>();
        }
    }

    /// <summary>
    /// The database the configuration names (JadeStudio:Database:Provider), and what that store needs besides: the one place
    /// the app's wiring depends on the store.
    /// </summary>
    private static IDatabaseStore AddJadeStore(this IServiceCollection services, JadeStudioOptions options, IConfiguration configuration, WikiCatalog wikis)
    {
        IDatabaseStore store;
        switch (options.Database.Provider)
        {
            case DatabaseProvider.Sqlite:
                store = new SqliteStore(options.ResolveDatabasePath());
                services.AddSingleton<IRateWindowCounter, InProcessRateWindowCounter>();
                services.AddSingleton<IJobSignal, InProcessJobSignal>();
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = new PostgresStore(configuration.GetConnectionString("JadeStudio") is { Length: > 0 } connectionString ? connectionString
                    : throw new DatabaseStartupException("JadeStudio:Database:Provider is PostgreSql but ConnectionStrings:JadeStudio is not set: give the server's connection string (e.g. Host=db;Database=jadestudio;Username=jadestudio)."),
                    wikis);
                services.AddSingleton(postgres);
                // Other nodes' commits reach this node's pages, feed subscribers and caches.
                services.AddSingleton<PostgresCommitRelay>();
                services.AddHostedService<CommitRelayWorker>();
                // API rate limits are counted in the database, so two nodes do not each grant the whole limit.
                services.AddSingleton<IRateWindowCounter, PostgresRateWindowCounter>();
                // Background jobs' progress reaches pages on every node.
                services.AddSingleton<IJobSignal, PostgresJobSignal>();
                store = postgres;
                break;
            default:
                throw new DatabaseStartupException($"JadeStudio:Database:Provider {options.Database.Provider} is not a store JadeStudio knows (Sqlite or PostgreSql).");
        }
        services.AddSingleton(store);
        // Made by the container, so that it is disposed with it (SQLite's idle reader connections are closed).
        services.AddSingleton(provider => store.CreateContextFactory(provider.GetRequiredService<ILoggerFactory>()));
        return store;
    }

    /// <summary>The largest message an open page may send the server (why: at <c>AddHubOptions</c> in <see cref="AddJadeStudio"/>).</summary>
    public const int MaxCircuitMessageBytes = 6 * Core.Campaigns.CampaignService.MaxInstructions + 8 * 1024;

    public static WebApplicationBuilder AddJadeStudio(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The app refuses an address or headers too large itself, as problem+json under /api (OversizedRequestRefusal).
        builder.WebHost.ConfigureKestrel(kestrel => OversizedRequestRefusal.RaiseServerLimits(kestrel.Limits));
        var options = builder.Configuration.ReadSettings<JadeStudioOptions>(JadeStudioOptions.Section);
        services.Configure<JadeStudioOptions>(builder.Configuration.GetSection(JadeStudioOptions.Section));

        var wikis = new WikiCatalog(builder.Configuration.ReadSettings<List<Wiki>>("JadeStudio:Wikis") is { Count: > 0 } configured ? configured : WikiCatalog.Defaults);
        var store = services.AddJadeStore(options, builder.Configuration, wikis);
        // While the rest of the app is built (a second on a cold start); PrepareDatabaseAsync waits for the result.
        store.BeginStartupChecks();
        services.AddSingleton(TimeProvider.System);
        services.AddJudgmentCore(builder.Configuration, wikis, store, options);
        // /metrics in Prometheus's format: JadeStudio's own meter, HTTP in and out, the runtime.
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(JadeStudio.Core.Metrics.JadeMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());

        services.AddSingleton(_ => MessageCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "i18n")));
        services.AddScoped<UiLanguage>();
        services.AddScoped<JadeStudio.Web.Components.Layout.UiTheme>();
        services.AddScoped<Messages>();
        services.AddScoped<IStringLocalizer>(provider => provider.GetRequiredService<Messages>());

        // Keys that sign the session and antiforgery cookies live in the database with the rest of the app's data:
        // sessions survive restarts, and every node sharing the database accepts the others' cookies.
        services.AddSingleton<DatabaseKeyRepository>();
        services.AddDataProtection().SetApplicationName("JadeStudio");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<DatabaseKeyRepository>((keys, repository) => keys.XmlRepository = repository);

        // Over HTTPS the session cookie is Secure with the __Host- prefix (bound to this host, path /).
        // Default: on everywhere but Development, which runs on plain http://localhost.
        var secureCookies = builder.Configuration.GetValue<bool?>("JadeStudio:SecureCookies") ?? !builder.Environment.IsDevelopment();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Cookie.Name = secureCookies ? "__Host-jadestudio-session" : "jadestudio-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = secureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
            })
            .AddJadeOAuth(builder.Configuration.ReadSettings<OAuthSignInOptions>(OAuthSignInOptions.Section), OperatorUserAgent(builder.Configuration));
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddAntiforgery();

        services.AddRazorComponents().AddInteractiveServerComponents()
            // A text box sends its whole value in one message; SignalR's default of 32 KB closed the page's connection under
            // a comment of 10,000 characters in a script of three UTF-8 bytes each. This holds the longest text a form takes
            // (a campaign's instructions, 20,000 UTF-16 units) at JSON's worst case of six bytes per unit, with room for the envelope.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomStart);
        services.AddTransient<MudBlazor.MudLocalizer, MudMessages>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddJadeApi(builder.Configuration);
        return builder;
    }
}
