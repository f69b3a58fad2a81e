using Bunit;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>
/// The labeling view as a keyboard labeler uses it. Keys arrive as physical positions (<c>KeyboardEvent.code</c>):
/// the browser journey checks that a Czech or Hebrew layout sends the same codes; here, what each code does.
/// </summary>
public sealed class LabelingPageTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _labeler = default!;
    private long _campaign;

    public async Task InitializeAsync()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher", "autoconfirmed");
        _campaign = (await _core.Campaigns.CreateAsync(researcher, new CampaignDraft("enwiki", "Keyboard campaign", "editquality", CampaignView.Diff,
            1, 5, TimeSpan.FromDays(1), true, null, "Judge the **edit**, not the editor."))).OrThrow().Id;
        (await _core.UploadAsync(researcher, _campaign, "7001\n7002\n7003\n", "ids.txt")).OrThrow();
        (await _core.ScoreImports.ImportAsync(researcher, "enwiki", new MemoryStream("rev_id,model,version,prediction,probability\n7001,damaging,1,true,0.91\n7002,damaging,1,true,0.91\n7003,damaging,1,true,0.91\n"u8.ToArray()),
            "s.csv", "file:s.csv", JadeStudio.Core.Imports.ImportMode.AllOrNothing, 1_000_000)).OrThrow();
        _labeler = await _core.UserAsync("Keyboard Labeler");
        (await _core.Campaigns.RequestWorksetAsync(_labeler, _campaign)).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private (ComponentContext Context, IRenderedComponent<LabelingPage> Page) Render()
    {
        var context = new ComponentContext("en", _core);
        context.SignIn(_labeler, "Keyboard Labeler");
        var page = context.Render<LabelingPage>(p => p.Add(x => x.Id, _campaign));
        page.WaitForElement("[data-testid=task]");
        return (context, page);
    }

    /// <summary>The labeling view at an address naming a workset (<c>?workset=</c>), as the campaign's list links it.</summary>
    private static IRenderedComponent<LabelingPage> RenderWorkset(ComponentContext context, long campaign, long workset)
    {
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("workset", workset));
        return context.Render<LabelingPage>(p => p.Add(x => x.Id, campaign));
    }

    private static string Chosen(IRenderedComponent<LabelingPage> page, string testId) =>
        page.Find($"[data-testid={testId}]").GetAttribute("data-chosen") ?? "";

    [Fact]
    public async Task Number_row_positions_choose_answers_and_Enter_saves_and_moves_to_the_next_task()
    {
        var (context, page) = Render();
        await using var _ = context;
        Assert.Contains("7001", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal);

        // Digit2 is "2" on a US keyboard and "ě" on a Czech one: the position is what counts.
        await page.InvokeAsync(() => page.Instance.OnKey("Digit2"));
        await page.InvokeAsync(() => page.Instance.OnKey("Digit4"));
        Assert.Equal("true", Chosen(page, "answer-damaging-false"));
        Assert.Equal("true", Chosen(page, "answer-goodfaith-true"));
        // The typed character means nothing: "ě" is not a key code.
        await page.InvokeAsync(() => page.Instance.OnKey("ě"));

        await page.InvokeAsync(() => page.Instance.OnKey("Enter"));
        page.WaitForAssertion(() => Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
        Assert.Contains("1 of 3", page.Find("[data-testid=workset-progress]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_pressed_twice_before_the_next_task_shows_saves_the_task_once()
    {
        var (context, page) = Render();
        await using var _ = context;
        await page.InvokeAsync(() => page.Instance.OnKey("Digit2"));
        await page.InvokeAsync(() => page.Instance.OnKey("Digit4"));

        // The second Enter arrives while the first save is still being stored.
        var first = page.InvokeAsync(() => page.Instance.OnKey("Enter"));
        var second = page.InvokeAsync(() => page.Instance.OnKey("Enter"));
        await Task.WhenAll(first, second);

        page.WaitForAssertion(() => Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
        Assert.Equal("Saved enwiki/diff/7001; it counts as your judgment.", page.Find("[data-testid=label-message]").TextContent.Trim());
        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(1, await db.Events.CountAsync(e => e.Type == JadeStudio.Core.Events.EventType.CampaignLabelSaved));
    }

    [Fact]
    public async Task The_listener_is_told_the_physical_keys_and_each_button_shows_its_key()
    {
        var (context, page) = Render();
        await using var _ = context;

        var listen = context.JSInterop.VerifyInvoke("jadeStudioKeys.listen");
        var codes = Assert.IsType<string[]>(listen.Arguments[1]);
        Assert.Contains("Digit1", codes);
        Assert.Contains("KeyS", codes);
        Assert.Contains("KeyI", codes);
        Assert.Contains("Enter", codes);
        Assert.Equal("1", page.Find("[data-testid=answer-damaging-true] kbd").TextContent);
        Assert.Equal("Enter", page.Find("[data-testid=label-save] kbd").TextContent);
        Assert.Equal("S", page.Find("[data-testid=label-skip] kbd").TextContent);
        Assert.Equal("I", page.Find("[data-testid=label-instructions] kbd").TextContent);
    }

    [Fact]
    public async Task Remapped_keys_are_shown_on_the_buttons_and_the_old_keys_do_nothing()
    {
        var remapped = KeyBindings.Default.With(new Dictionary<LabelingAction, string> { [LabelingAction.Answer1] = "KeyQ", [LabelingAction.Skip] = "KeyN" }, out var problem);
        Assert.Null(problem);
        await _core.Users.SetKeyBindingsAsync(_labeler.UserId!.Value, remapped);
        var (context, page) = Render();
        await using var _ = context;

        Assert.Equal("Q", page.Find("[data-testid=answer-damaging-true] kbd").TextContent);
        Assert.Equal("N", page.Find("[data-testid=label-skip] kbd").TextContent);
        await page.InvokeAsync(() => page.Instance.OnKey("Digit1"));
        Assert.Equal("false", Chosen(page, "answer-damaging-true"));
        await page.InvokeAsync(() => page.Instance.OnKey("KeyQ"));
        Assert.Equal("true", Chosen(page, "answer-damaging-true"));

        await page.InvokeAsync(() => page.Instance.OnKey("KeyS"));
        Assert.Contains("7001", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal);
        await page.InvokeAsync(() => page.Instance.OnKey("KeyN"));
        page.WaitForAssertion(() => Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task I_opens_the_instructions_and_Escape_closes_them()
    {
        var (context, page) = Render();
        await using var _ = context;
        Assert.Empty(page.FindAll("[data-testid=instructions]"));

        await page.InvokeAsync(() => page.Instance.OnKey("KeyI"));
        Assert.Contains("not the editor", page.Find("[data-testid=instructions]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.Find("[data-testid=label-instructions]").GetAttribute("aria-expanded"));

        await page.InvokeAsync(() => page.Instance.OnEscape());
        Assert.Empty(page.FindAll("[data-testid=instructions]"));

        // The button and the close button work too.
        page.Find("[data-testid=label-instructions]").Click();
        page.WaitForElement("[data-testid=instructions-close]").Click();
        Assert.Empty(page.FindAll("[data-testid=instructions]"));
    }

    [Fact]
    public async Task The_model_score_stays_hidden_until_the_label_is_saved()
    {
        var (context, page) = Render();
        await using var _ = context;
        Assert.Empty(page.FindAll("[data-testid=scores]"));

        page.Find("[data-testid=answer-damaging-true]").Click();
        page.Find("[data-testid=answer-goodfaith-false]").Click();
        page.Find("[data-testid=label-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
        Assert.Contains("91", page.Find("[data-testid=score]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_with_an_unanswered_question_is_refused_with_a_message_and_stays_on_the_task()
    {
        var (context, page) = Render();
        await using var _ = context;

        page.Find("[data-testid=answer-damaging-true]").Click();
        page.Find("[data-testid=label-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("Answer every question", page.Find("[data-testid=label-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("7001", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_diff_sits_beside_the_form_is_read_ahead_for_the_workset_and_the_next_one_needs_no_new_request()
    {
        var wiki = new ScriptedWiki();
        await using var context = new ComponentContext("en", _core, wiki);
        context.SignIn(_labeler, "Keyboard Labeler");
        var page = context.Render<LabelingPage>(p => p.Add(x => x.Id, _campaign));

        page.WaitForAssertion(() => Assert.Contains("edit 7001", page.Find("[data-testid=wiki-diff]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Example editor", page.Find("[data-testid=revision-user]").TextContent, StringComparison.Ordinal);
        // Every task of the workset is read ahead, in the background (nothing renders meanwhile: the wiki says when).
        await wiki.DiffsAskedAsync(3).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal([7001L, 7002L, 7003L], wiki.DiffRequests.Distinct().Order());
        var asked = wiki.DiffRequests.Count;

        // Hiding who made the edit hides it in the wiki's details too.
        page.Find("[data-testid=label-keys] ~ .mud-input-control input[type=checkbox], .jade-labeling input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=revision-user]")));

        await page.InvokeAsync(() => page.Instance.OnKey("Digit2"));
        await page.InvokeAsync(() => page.Instance.OnKey("Digit4"));
        await page.InvokeAsync(() => page.Instance.OnKey("Enter"));
        page.WaitForAssertion(() => Assert.Contains("edit 7002", page.Find("[data-testid=wiki-diff]").TextContent, StringComparison.Ordinal));
        Assert.Equal(asked, wiki.DiffRequests.Count);
    }

    [Fact]
    public async Task Without_an_open_workset_the_page_offers_one_and_a_campaign_that_does_not_exist_is_not_found()
    {
        var researcher = await _core.UserAsync("Second Researcher", "researcher", "autoconfirmed");
        var campaign = (await _core.Campaigns.CreateAsync(researcher, new CampaignDraft("enwiki", "Open campaign", "editquality", CampaignView.Diff,
            1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow().Id;
        (await _core.UploadAsync(researcher, campaign, "8001\n8002\n", "ids.txt")).OrThrow();
        var newcomer = await _core.UserAsync("Newcomer Labeler");
        await using var context = new ComponentContext("en", _core);
        context.SignIn(newcomer, "Newcomer Labeler");

        var page = context.Render<LabelingPage>(p => p.Add(x => x.Id, campaign));
        page.WaitForElement("[data-testid=label-noworkset]");
        Assert.Empty(page.FindAll("[data-testid=not-found]"));
        page.Find("[data-testid=request-workset]").Click();
        page.WaitForAssertion(() => Assert.Contains("8001", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=label-noworkset]"));

        var missing = context.Render<LabelingPage>(p => p.Add(x => x.Id, campaign + 1000));
        missing.WaitForElement("[data-testid=not-found]");
        Assert.Empty(missing.FindAll("[data-testid=label-noworkset]"));
        Assert.Empty(missing.FindAll("[data-testid=request-workset]"));
    }

    [Fact]
    public async Task A_done_workset_comes_back_with_its_list_so_a_label_can_still_be_changed_until_it_expires()
    {
        var workset = (await _core.CampaignQueries.LabelingWorksetAsync(_campaign, _labeler.UserId!.Value, _core.Clock.Now)).GetValueOrDefault();
        var view = (await _core.CampaignQueries.WorksetAsync(workset, _labeler.UserId!.Value))!;
        foreach (var item in view.Items)
        {
            (await _core.Campaigns.SaveLabelAsync(_labeler, workset, item.TaskId, new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
        }

        // Coming back later: the workset is done, and its labels are there to change.
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_labeler, "Keyboard Labeler");
        var page = context.Render<LabelingPage>(p => p.Add(x => x.Id, _campaign));
        page.WaitForElement("[data-testid=workset-done]");
        Assert.Empty(page.FindAll("[data-testid=label-noworkset]"));
        page.Find("[data-testid=workset-task-2]").Click();
        page.WaitForAssertion(() => Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal));
        Assert.Equal("true", Chosen(page, "answer-damaging-false"));
        page.Find("[data-testid=answer-damaging-true]").Click();
        page.Find("[data-testid=label-save]").Click();
        page.WaitForElement("[data-testid=workset-done]");
        var changed = (await _core.CampaignQueries.WorksetAsync(workset, _labeler.UserId!.Value))!.Items[1];
        Assert.Equal("true", changed.Answers!["damaging"]);

        // Once it has expired, the page offers a new workset instead.
        _core.Clock.Now += TimeSpan.FromDays(2);
        var later = context.Render<LabelingPage>(p => p.Add(x => x.Id, _campaign));
        later.WaitForElement("[data-testid=label-noworkset]");
    }

    [Fact]
    public async Task A_workset_given_back_shows_its_labels_to_read_and_nothing_changes_them()
    {
        var workset = (await _core.CampaignQueries.LabelingWorksetAsync(_campaign, _labeler.UserId!.Value, _core.Clock.Now)).GetValueOrDefault();
        var tasks = (await _core.CampaignQueries.WorksetAsync(workset, _labeler.UserId!.Value))!.Items;
        (await _core.Campaigns.SaveLabelAsync(_labeler, workset, tasks[1].TaskId, new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "false" })).OrThrow();
        (await _core.Campaigns.AbandonAsync(_labeler, workset)).OrThrow();
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_labeler, "Keyboard Labeler");

        // Named from the campaign's list of worksets: its one label, as text, and why it cannot be changed.
        var page = RenderWorkset(context, _campaign, workset);
        page.WaitForElement("[data-testid=label-readonly]");
        Assert.Contains("gave this workset back", page.Find("[data-testid=label-readonly]").TextContent, StringComparison.Ordinal);
        Assert.Contains("7002", page.Find("[data-testid=task-artifact]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Yes, damaging", page.Find("[data-testid=answer-damaging]").TextContent.Trim());
        Assert.Equal("Bad faith", page.Find("[data-testid=answer-goodfaith]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=label-save], [data-testid=label-skip], [data-testid=label-abandon], [data-testid=label-changing], [data-testid=label-keys]"));
        // The tasks not labeled went back to others: not to be opened.
        Assert.Equal("step", page.Find("[data-testid=workset-task-2]").GetAttribute("aria-current"));
        Assert.True(page.Find("[data-testid=workset-task-1]").HasAttribute("disabled"));
        Assert.Contains("jade-workset-task-unlabeled", page.Find("[data-testid=workset-task-1]").ClassName, StringComparison.Ordinal);
        Assert.Equal("Task 1 (enwiki/diff/7001): not labeled", page.Find("[data-testid=workset-task-1]").GetAttribute("aria-label"));
        Assert.Equal("Task 2 (enwiki/diff/7002): labeled; open it to see the label", page.Find("[data-testid=workset-task-2]").GetAttribute("aria-label"));
        // Keys do nothing here: no answer chosen, nothing saved.
        await page.InvokeAsync(() => page.Instance.OnKey("Digit2"));
        await page.InvokeAsync(() => page.Instance.OnKey("Enter"));
        Assert.Equal("Yes, damaging", page.Find("[data-testid=answer-damaging]").TextContent.Trim());
        Assert.Equal("true", (await _core.CampaignQueries.WorksetAsync(workset, _labeler.UserId!.Value))!.Items[1].Answers!["damaging"]);
        Assert.Empty(page.FindAll("[data-testid=label-message]"));
    }

    [Fact]
    public async Task A_workset_named_that_is_someone_elses_or_of_another_campaign_is_not_found()
    {
        var workset = (await _core.CampaignQueries.LabelingWorksetAsync(_campaign, _labeler.UserId!.Value, _core.Clock.Now)).GetValueOrDefault();
        var other = await _core.UserAsync("Other Labeler");
        await using var context = new ComponentContext("en", _core);
        context.SignIn(other, "Other Labeler");

        var page = RenderWorkset(context, _campaign, workset);
        page.WaitForElement("[data-testid=not-found]");
        Assert.Empty(page.FindAll("[data-testid=task], [data-testid=workset-tasks], [data-testid=request-workset]"));

        // The labeler's own workset under another campaign's address is not shown either.
        context.SignIn(_labeler, "Keyboard Labeler");
        var elsewhere = RenderWorkset(context, _campaign + 1000, workset);
        elsewhere.WaitForElement("[data-testid=not-found]");
        Assert.Empty(elsewhere.FindAll("[data-testid=task]"));
    }
}
