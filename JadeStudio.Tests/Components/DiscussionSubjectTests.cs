using Bunit;
using JadeStudio.Core.Discussions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Components;

/// <summary>What a thread is about, as its readers and the one starting a new thread see it.</summary>
public sealed class DiscussionSubjectTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_thread_about_a_proposal_names_its_answers_apart_though_an_answer_holds_a_comma()
    {
        var alice = await _core.UserAsync("Alice");
        var proposal = (await _core.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(true, false))).OrThrow().ProposalId;
        (await _core.Discussions.StartThreadAsync(alice, new NewThread(CoreHarness.Diff, "Why bad faith?", "See the summary", ThreadSubject.Proposal, proposal))).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.SignIn(alice, "Alice");
        var popovers = context.Render<MudBlazor.MudPopoverProvider>();

        var page = ArtifactPageLiveTests.Open(context);
        page.WaitForElement("a[data-testid=thread-subject]");

        // "Yes, damaging" holds a comma: the answers are told apart by a middle dot.
        Assert.Equal("the proposal “Yes, damaging · Bad faith”", page.Find("a[data-testid=thread-subject]").TextContent);
        page.Find("div[data-testid=thread-subject]").Closest(".mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains("the proposal “Yes, damaging · Bad faith”", popovers.FindAll(".mud-list-item").Select(i => i.TextContent.Trim())));
    }
}
