using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Demo;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JadeStudio.Tests.Core.Demo;

public sealed class DemoDataSeederTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public async Task InitializeAsync()
    {
        var seeder = new DemoDataSeeder(_core.Writer, _core.Judgments, _core.Users, _core.Campaigns, _core.Imports, _core.Database, NullLogger<DemoDataSeeder>.Instance);
        await seeder.SeedAsync(RepositoryPaths.SharedData);
        await seeder.SeedAsync(RepositoryPaths.SharedData); // a second start adds nothing
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static int Lines(string file) => File.ReadLines(Path.Combine(RepositoryPaths.SharedData, file)).Count(l => l.Trim().Length > 0);

    [Fact]
    public async Task Every_task_of_the_cswiki_and_wikidata_files_becomes_one_demo_artifact()
    {
        await using var db = _core.Database.CreateDbContext();

        Assert.Equal(Lines(DemoDataSeeder.CsWikiFile), await db.Artifacts.CountAsync(a => a.Wiki == "cswiki" && a.Type == ArtifactType.Diff));
        Assert.Equal(Lines(DemoDataSeeder.WikidataFile), await db.Artifacts.CountAsync(a => a.Wiki == "wikidatawiki"));
        Assert.All(await db.Artifacts.ToListAsync(), a => Assert.True(a.IsDemo));
    }

    [Fact]
    public async Task Task_fields_other_than_rev_id_are_kept_as_task_data()
    {
        await using var db = _core.Database.CreateDbContext();

        var artifact = await db.Artifacts.SingleAsync(a => a.Wiki == "cswiki" && a.RevId == 13331581);

        Assert.Contains("\"review_reason\": \"trusted edits\"", artifact.Data);
    }

    [Fact]
    public async Task The_nlwiki_human_labels_become_judgments_with_their_class_and_notes()
    {
        var view = await _core.Reader.GetAsync(new ArtifactKey("nlwiki", ArtifactType.Revision, 50697358), await _core.ViewerAsync(JadeStudio.Core.Permissions.ActorRef.Anonymous));

        Assert.Equal("Simandraolo", view.Stored?.PageTitle);
        var proposal = Assert.Single(view.Facets.Single(f => f.Facet.Id == "contentquality").Proposals);
        Assert.Equal("\"E\"", Assert.Single(proposal.Answers).Value.Token);
        Assert.Equal("Kladblok", proposal.Notes.Value);
        Assert.StartsWith("Demo:", Assert.Single(proposal.Endorsements).User.Name);

        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(Lines(DemoDataSeeder.NlWikiFile), await db.Proposals.CountAsync());
    }

    [Fact]
    public async Task The_cswiki_task_list_is_also_the_campaign_it_was_made_for_ready_to_label()
    {
        var campaign = Assert.Single(await _core.CampaignQueries.ListAsync());
        Assert.Equal(DemoDataSeeder.CsWikiCampaignName, campaign.Campaign.Name);
        Assert.Equal(("cswiki", "editquality", true), (campaign.Campaign.Wiki, campaign.Campaign.Facet, campaign.Campaign.Active));
        await using (var db = _core.Database.CreateDbContext())
        {
            Assert.Equal(Lines(DemoDataSeeder.CsWikiFile), await db.CampaignTasks.CountAsync(t => t.CampaignId == campaign.Campaign.Id));
            // Its tasks are the demo artifacts, not new ones.
            Assert.All(await db.Artifacts.ToListAsync(), a => Assert.True(a.IsDemo));
        }

        var labeler = await _core.UserAsync("Demo Visitor");
        var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign.Campaign.Id)).OrThrow();
        var view = await _core.CampaignQueries.WorksetAsync(workset, labeler.UserId!.Value);
        Assert.Equal(20, view!.Items.Count);
        // Each task keeps the list's auto-label fields, as the labeling view shows them.
        Assert.All(view.Items, item => Assert.Contains("needs_review", item.Data, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_start_stopped_half_way_is_completed_by_the_next_start()
    {
        await using var core = new CoreHarness();
        var seeder = new DemoDataSeeder(core.Writer, core.Judgments, core.Users, core.Campaigns, core.Imports, core.Database, NullLogger<DemoDataSeeder>.Instance);
        // What a first start stopped during the campaign's upload leaves: the cswiki and wikidata artifacts stored, the
        // demo campaign made without its tasks, the nlwiki labels not reached.
        var firstFiles = Directory.CreateTempSubdirectory("jadestudio-demo-");
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.SharedData, DemoDataSeeder.CsWikiFile), Path.Combine(firstFiles.FullName, DemoDataSeeder.CsWikiFile));
            await seeder.SeedAsync(firstFiles.FullName);
        }
        finally
        {
            firstFiles.Delete(recursive: true);
        }
        await using (var db = core.Database.CreateDbContext())
        {
            await db.CampaignTasks.ExecuteDeleteAsync();
        }

        await seeder.SeedAsync(RepositoryPaths.SharedData);

        var campaign = Assert.Single(await core.CampaignQueries.ListAsync());
        await using var after = core.Database.CreateDbContext();
        Assert.Equal(Lines(DemoDataSeeder.CsWikiFile), await after.CampaignTasks.CountAsync(t => t.CampaignId == campaign.Campaign.Id));
        Assert.Equal(Lines(DemoDataSeeder.CsWikiFile), await after.Artifacts.CountAsync(a => a.Wiki == "cswiki"));
        Assert.Equal(Lines(DemoDataSeeder.WikidataFile), await after.Artifacts.CountAsync(a => a.Wiki == "wikidatawiki"));
        Assert.Equal(Lines(DemoDataSeeder.NlWikiFile), await after.Proposals.CountAsync());
    }
}
