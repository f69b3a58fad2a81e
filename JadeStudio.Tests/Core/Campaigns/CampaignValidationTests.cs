using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Campaigns;

/// <summary>What a campaign may be: each refusal names its problem and stores nothing; the limits themselves are taken.</summary>
public sealed class CampaignValidationTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;

    public async Task InitializeAsync() => _researcher = await _core.UserAsync("Researcher", "researcher");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private static CampaignDraft Draft(string name = "Spring patrol", string wiki = "cswiki", string facet = "editquality", int labelsPerTask = 3, int tasksPerWorkset = 10,
        double lifetimeHours = 24, string? infoUrl = null, string? instructions = null) =>
        new(wiki, name, facet, CampaignView.Diff, labelsPerTask, tasksPerWorkset, TimeSpan.FromHours(lifetimeHours), true, infoUrl, instructions);

    private const string UrlStart = "https://meta.wikimedia.org/wiki/Research?";
    private static readonly string LongestUrl = UrlStart + new string('q', CampaignService.MaxInfoUrl - UrlStart.Length);

    public static TheoryData<CampaignDraft, CampaignProblem> Refused => new()
    {
        { Draft(name: "   "), CampaignProblem.NameMissing },
        { Draft(name: "\u200B\u2060"), CampaignProblem.NameMissing },
        { Draft(name: new string('n', 201)), CampaignProblem.NameMissing },
        { Draft(wiki: "nowiki"), CampaignProblem.UnknownWiki },
        { Draft(facet: "itemquality"), CampaignProblem.FacetNotOnWiki },
        { Draft(labelsPerTask: 0), CampaignProblem.LabelsPerTaskOutOfRange },
        { Draft(labelsPerTask: CampaignService.MaxLabelsPerTask + 1), CampaignProblem.LabelsPerTaskOutOfRange },
        { Draft(tasksPerWorkset: CampaignService.MaxTasksPerWorkset + 1), CampaignProblem.TasksPerWorksetOutOfRange },
        { Draft(lifetimeHours: 0.1), CampaignProblem.LifetimeOutOfRange },
        { Draft(infoUrl: "ftp://example.org/a"), CampaignProblem.BadInfoUrl },
        { Draft(infoUrl: "wiki/Research"), CampaignProblem.BadInfoUrl },
        { Draft(infoUrl: LongestUrl + "q"), CampaignProblem.BadInfoUrl },
        { Draft(instructions: new string('i', CampaignService.MaxInstructions + 1)), CampaignProblem.InstructionsTooLong },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_campaign_outside_its_limits_is_refused_and_nothing_is_stored(CampaignDraft draft, CampaignProblem problem)
    {
        var result = await _core.Campaigns.CreateAsync(_researcher, draft);

        Assert.Equal(problem, Assert.IsType<JadeError.InvalidCampaign>(result.Error).Problem);
        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(0, await db.Campaigns.CountAsync());
    }

    [Fact]
    public async Task A_campaign_at_its_limits_is_taken_with_its_address_and_instructions_whole()
    {
        var instructions = new string('i', CampaignService.MaxInstructions);

        var campaign = (await _core.Campaigns.CreateAsync(_researcher, Draft(infoUrl: "  " + LongestUrl + " ", instructions: instructions,
            labelsPerTask: CampaignService.MaxLabelsPerTask, tasksPerWorkset: CampaignService.MaxTasksPerWorkset))).OrThrow();

        Assert.Equal(LongestUrl, campaign.InfoUrl);
        Assert.Equal(instructions, campaign.Instructions);
    }

    [Fact]
    public async Task A_change_to_an_address_too_long_is_refused_and_the_campaign_keeps_its_own()
    {
        var campaign = (await _core.Campaigns.CreateAsync(_researcher, Draft(infoUrl: "https://meta.wikimedia.org/wiki/Research"))).OrThrow();

        var result = await _core.Campaigns.UpdateAsync(_researcher, campaign.Id, Draft(infoUrl: LongestUrl + "q"));

        Assert.Equal(CampaignProblem.BadInfoUrl, Assert.IsType<JadeError.InvalidCampaign>(result.Error).Problem);
        Assert.Equal("https://meta.wikimedia.org/wiki/Research", (await _core.CampaignQueries.GetAsync(campaign.Id))!.Campaign.InfoUrl);
    }

    [Fact]
    public async Task A_name_is_taken_once_on_a_wiki_however_its_accents_are_written()
    {
        var first = (await _core.Campaigns.CreateAsync(_researcher, Draft(name: "Caf\u00E9 patrol"))).OrThrow();

        var again = await _core.Campaigns.CreateAsync(_researcher, Draft(name: " Cafe\u0301 patrol"));

        Assert.Equal(CampaignProblem.NameTaken, Assert.IsType<JadeError.InvalidCampaign>(again.Error).Problem);
        Assert.Equal("Caf\u00E9 patrol", first.Name);
    }
}
