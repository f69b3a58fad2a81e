using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using JadeStudio.Core.I18n;
using JadeStudio.Core.Jobs;
using JadeStudio.Core.Permissions;
using JadeStudio.Web.Auth;
using JadeStudio.Web.Components.Layout;
using JadeStudio.Web.I18n;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace JadeStudio.Tests.Support;

/// <summary>
/// bunit's context with what every JadeStudio component needs — the real message files in one language,
/// MudBlazor's services — and, when given a <see cref="CoreHarness"/>, the real Core services over its database.
/// JavaScript is loose: calls answer their default unless a test sets them up (bunit records every call).
/// </summary>
public sealed class ComponentContext : BunitContext
{
    private static readonly MessageCatalog Catalog = MessageCatalog.LoadDirectory(RepositoryPaths.I18n);

    public ComponentContext(string language = "en", CoreHarness? core = null, JadeStudio.Core.WikiContent.IWikiContentSource? wiki = null)
    {
        // Waits poll until what they expect shows; a loaded CI machine (tests run side by side) can take seconds.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Services.AddSingleton(Catalog);
        Services.AddScoped(_ => new UiLanguage { Code = language });
        Services.AddScoped<Messages>();
        Services.AddScoped<UiTheme>();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Authorization = this.AddAuthorization();
        if (core is not null)
        {
            Services.AddSingleton(core.Wikis);
            Services.AddSingleton(core.Schemas);
            Services.AddSingleton<TimeProvider>(core.Clock);
            Services.AddSingleton<IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>(core.Database);
            Services.AddSingleton(core.Actors);
            Services.AddSingleton(core.Users);
            Services.AddSingleton(core.Groups);
            Services.AddSingleton(core.Campaigns);
            Services.AddSingleton(core.CampaignQueries);
            Services.AddSingleton(core.Scores);
            Services.AddSingleton(core.Judgments);
            Services.AddSingleton(core.Reader);
            Services.AddSingleton(core.Blocks);
            Services.AddSingleton(core.BlockQueries);
            Services.AddSingleton(core.Visibility);
            Services.AddSingleton(core.OversightRequests);
            Services.AddSingleton(core.Imports);
            Services.AddSingleton(core.ScoreImports);
            Services.AddSingleton(core.Analysis);
            Services.AddSingleton(core.Hub);
            Services.AddSingleton(core.Feed);
            Services.AddSingleton(core.Changes);
            Services.AddSingleton(core.Logs);
            Services.AddSingleton(core.Activity);
            Services.AddSingleton(core.Filters);
            Services.AddSingleton(core.Discussions);
            Services.AddSingleton(core.DiscussionQueries);
            Services.AddSingleton(core.DiscussionOptions);
            Services.AddSingleton(new JadeStudio.Core.Scores.ModelCatalog());
            Services.AddSingleton(new JadeStudio.Core.Scores.ScoreSettings());
            var artifactQueries = new JadeStudio.Core.Artifacts.ArtifactQueries(core.Database);
            Services.AddSingleton(artifactQueries);
            Services.AddSingleton(core.OversightQueue);
            Services.AddScoped<JadeStudio.Web.Components.Layout.MenuCounts>();
            Services.AddSingleton(new JadeStudio.Core.Artifacts.WikiSummaries(artifactQueries, core.Hub, core.Clock));
            Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new JadeStudio.Web.Infrastructure.JadeStudioOptions()));
            // Content from the wikis only where a test gives a wiki to read it from; never a real one.
            var content = new JadeStudio.Core.WikiContent.WikiContentOptions { Enabled = wiki is not null };
            Services.AddSingleton(content);
            var service = new JadeStudio.Core.WikiContent.WikiContentService(wiki ?? new NoWiki(), core.Database, core.Writer, core.Wikis, content, core.Clock);
            Services.AddSingleton(service);
            Services.AddSingleton(new JadeStudio.Core.WikiContent.WikiContentFetcher(service, content, core.Clock));
            // Background jobs on the test's database; a test that needs them run starts the scheduler (StartJobsAsync).
            Services.AddSingleton(core.Database.Store);
            Services.AddSingleton<IJobSignal, InProcessJobSignal>();
            Services.AddJadeJobs(core.Database.Store, new JobOptions(), core.DumpOptions);
            Services.AddSingleton(core.DumpOptions);
            Services.AddSingleton(core.Dumps);
            Services.AddSingleton(core.DumpCatalog);
            Services.AddSingleton(core.Terms);
            Services.AddSingleton(core.Query);
            Services.AddSingleton(core.SavedQueries);
            Services.AddSingleton<JadeStudio.Core.Dumps.DumpRequests>();
            Services.AddSingleton(new JadeStudio.Core.ApiTokens.ApiTokenService(core.Writer, core.Actors, core.Database, core.Clock));
            Services.AddScoped<CurrentUser>();
            Services.AddScoped<JudgmentActions>();
        }
    }

    public BunitAuthorizationContext Authorization { get; }

    /// <summary>Starts the background jobs' scheduler, as the app does once its schema is current; the test shuts it down.</summary>
    public async Task<Quartz.IScheduler> StartJobsAsync()
    {
        var scheduler = await Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        return scheduler;
    }

    /// <summary>The component's user is this account (as the sign-in's claims name it).</summary>
    public void SignIn(ActorRef user, string name)
    {
        Authorization.SetAuthorized(name);
        Authorization.SetClaims(new Claim(UserClaims.UserId, user.UserId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Content is switched off without a wiki: asking one anyway is a test's mistake.</summary>
    private sealed class NoWiki : JadeStudio.Core.WikiContent.IWikiContentSource
    {
        public Task<JadeStudio.Core.WikiContent.WikiContentResult<JadeStudio.Core.WikiContent.WikiRevisionBatch>> RevisionsAsync(string wiki, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No wiki in this test.");

        public Task<JadeStudio.Core.WikiContent.WikiContentResult<JadeStudio.Core.WikiContent.WikiDiff>> DiffAsync(string wiki, long revId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No wiki in this test.");

        public Task<JadeStudio.Core.WikiContent.WikiContentResult<JadeStudio.Core.WikiContent.WikiPageVersion>> PageAsync(string wiki, long revId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No wiki in this test.");
    }
}
