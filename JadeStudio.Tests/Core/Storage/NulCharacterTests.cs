using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>
/// No text with the NUL character reaches either store (PostgreSQL cannot hold one, SQLite's search stops at it): a save or a
/// lookup with one is the command's refusal, on both stores alike, and nothing is stored.
/// </summary>
public sealed class NulCharacterTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;

    public async Task InitializeAsync() => _researcher = await _core.UserAsync("Researcher", "autoconfirmed", "researcher");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Notes_holding_the_NUL_character_are_refused_and_nothing_is_stored()
    {
        var eventsBefore = await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Events);

        var refused = await _core.Judgments.ProposeOrEndorseAsync(_researcher, CoreHarness.Propose(false, true, "fine\0edit"));

        Assert.IsType<JadeError.NulCharacter>(refused.Error);
        Assert.Empty((await _core.EditQualityAsync()).Proposals);
        Assert.Equal(eventsBefore, await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Events));
    }

    [Fact]
    public async Task A_name_holding_the_NUL_character_is_refused_when_it_is_looked_up_before_it_would_be_saved()
    {
        var refused = await _core.Campaigns.CreateAsync(_researcher,
            new CampaignDraft("enwiki", "Spring\0sample", "editquality", CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null));

        Assert.IsType<JadeError.NulCharacter>(refused.Error);
        Assert.Equal(0, await _core.CountAsync(db => ((JadeStudio.Core.Storage.JadeDbContext)db).Campaigns));
    }

    [Fact]
    public async Task A_search_for_the_NUL_character_is_refused_rather_than_failing_in_the_store()
    {
        var viewer = await _core.ViewerAsync(_researcher);

        var refused = await Assert.ThrowsAsync<JadeException>(() => _core.DiscussionQueries.SearchAsync(new SearchQuery("fine\0edit"), viewer));

        Assert.IsType<JadeError.NulCharacter>(refused.Error);
        Assert.Empty(await _core.DiscussionQueries.SearchAsync(new SearchQuery("fine edit"), viewer));
    }

    [Fact]
    public async Task An_analysis_of_a_model_version_holding_the_NUL_character_is_refused_rather_than_failing_in_the_store()
    {
        // The analysis reads with statements of their own, past EF Core: the same refusal there.
        var refused = await Assert.ThrowsAsync<JadeException>(() =>
            _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", "0.5\0", null, HumanLabelSource.Preferred)));

        Assert.IsType<JadeError.NulCharacter>(refused.Error);
        Assert.NotNull(await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", "0.5", null, HumanLabelSource.Preferred)));
    }
}
