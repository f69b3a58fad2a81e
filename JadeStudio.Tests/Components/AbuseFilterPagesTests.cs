using Bunit;
using JadeStudio.Core.AbuseFilters;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.AbuseFilters;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>The abuse filter pages: an editor tests a rule against recent texts and saves it; private rules and texts stay private.</summary>
public sealed class AbuseFilterPagesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _sysop = default!;
    private ActorRef _reviewer = default!;

    public async Task InitializeAsync()
    {
        _sysop = await _core.UserAsync("Filter Admin", "sysop");
        _reviewer = await _core.UserAsync("Reviewer");
        (await _core.Discussions.StartThreadAsync(_reviewer, new NewThread(CoreHarness.Diff, "Deal", "buy cheap watches"))).OrThrow();
        (await _core.Discussions.StartThreadAsync(_reviewer, new NewThread(CoreHarness.Diff, "Question", "why was this reverted?"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    /// <summary>The editor of a new filter, once it has loaded, with a description and a pattern typed in.</summary>
    private static async Task<IRenderedComponent<AbuseFilterEditor>> NewFilterAsync(ComponentContext context, string description, string pattern)
    {
        var editor = context.Render<AbuseFilterEditor>();
        editor.WaitForElement("[data-testid=abusefilter-save]");
        await editor.Find("input[data-testid=abusefilter-description], [data-testid=abusefilter-description] input").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = description });
        await editor.Find("input[data-testid=abusefilter-pattern], [data-testid=abusefilter-pattern] input").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = pattern });
        return editor;
    }

    [Fact]
    public async Task An_editor_tests_a_rule_against_recent_texts_then_saves_it()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_sysop, "Filter Admin");
        var editor = await NewFilterAsync(context, "Watch spam", "cheap\\s+watch");
        await editor.Find("[data-testid=abusefilter-test]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        editor.WaitForAssertion(() => Assert.Equal("1 text of the last 500 would match", editor.Find("[data-testid=abusefilter-test-summary]").TextContent));
        Assert.Contains("buy cheap watches", editor.Find("[data-testid=abusefilter-match]").TextContent, StringComparison.Ordinal);
        Assert.Empty(await _core.Filters.ListAsync(await _core.ViewerAsync(_sysop)));

        await editor.Find("[data-testid=abusefilter-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        var saved = Assert.Single(await _core.Filters.ListAsync(await _core.ViewerAsync(_sysop)));
        Assert.Equal(("Watch spam", "cheap\\s+watch", FilterAction.Warn), (saved.Filter.Description, saved.Filter.Pattern, saved.Filter.Action));
    }

    [Fact]
    public async Task A_bad_pattern_is_explained_and_nothing_is_saved()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_sysop, "Filter Admin");
        var editor = await NewFilterAsync(context, "Broken", "(unclosed");
        await editor.Find("[data-testid=abusefilter-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.Equal("The pattern is not a valid regular expression.", editor.Find("[data-testid=abusefilter-error]").TextContent.Trim());
        Assert.Empty(await _core.Filters.ListAsync(await _core.ViewerAsync(_sysop)));
    }

    [Fact]
    public async Task The_log_reads_older_hits_on_request_and_one_users_hits_from_its_user_field()
    {
        (await _core.Filters.SaveAsync(_sysop, null, new FilterDraft("Numbered spam", "spam \\d+", null, null, null, null, [], [], FilterAction.Disallow, null, null, null, null, true, false))).OrThrow();
        var other = await _core.UserAsync("Other Writer");
        for (var i = 1; i <= 101; i++)
        {
            Assert.IsType<JadeStudio.Core.Commands.JadeError.AbuseFilterDisallowed>((await _core.Discussions.StartThreadAsync(i == 1 ? other : _reviewer, new NewThread(CoreHarness.Diff, "Deal", $"spam {i}"))).Error);
        }
        await using var context = new ComponentContext("en", _core);
        var navigation = context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("abusefilter/log");

        var log = context.Render<AbuseLogPage>();
        log.WaitForAssertion(() => Assert.Equal(100, log.FindAll("[data-testid=abuselog-entry]").Count));
        Assert.DoesNotContain("Other Writer", log.Markup, StringComparison.Ordinal);
        await log.Find("[data-testid=abuselog-older]").ClickAsync(new MouseEventArgs());
        log.WaitForAssertion(() => Assert.Equal(101, log.FindAll("[data-testid=abuselog-entry]").Count));
        Assert.Contains("Other Writer", log.FindAll("[data-testid=abuselog-entry]")[^1].TextContent, StringComparison.Ordinal);
        Assert.Empty(log.FindAll("[data-testid=abuselog-older]"));

        await log.Find("input[data-testid=abuselog-user], [data-testid=abuselog-user] input").ChangeAsync(new ChangeEventArgs { Value = "Other Writer" });
        Assert.EndsWith("/abusefilter/log?user=Other%20Writer", navigation.Uri, StringComparison.Ordinal);
        var own = context.Render<AbuseLogPage>();
        own.WaitForAssertion(() => Assert.True(own.FindAll("[data-testid=abuselog-entry]") is [var entry] && entry.TextContent.Contains("Other Writer", StringComparison.Ordinal), own.Markup));
    }

    [Fact]
    public async Task A_private_filter_and_the_texts_it_caught_stay_with_those_who_may_see_them()
    {
        var filter = (await _core.Filters.SaveAsync(_sysop, null, new FilterDraft("Doxxing", "phone \\d+", null, null, null, null, [], [], FilterAction.Disallow, null, null, null, null, true, true))).OrThrow();
        await _core.Discussions.StartThreadAsync(_reviewer, new NewThread(CoreHarness.Diff, "Call", "my phone 5550100"));
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_reviewer, "Reviewer");

        var editor = context.Render<AbuseFilterEditor>(p => p.Add(x => x.Id, filter.Id));
        var log = context.Render<AbuseLogPage>();
        var list = context.Render<AbuseFilterList>();

        editor.WaitForElement("[data-testid=abusefilter-hidden]");
        Assert.DoesNotContain("phone", editor.Markup, StringComparison.Ordinal);
        log.WaitForAssertion(() => Assert.Single(log.FindAll("[data-testid=abuselog-entry]")));
        Assert.DoesNotContain("5550100", log.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Doxxing", log.Markup, StringComparison.Ordinal);
        list.WaitForElement("[data-testid=abusefilter-table]");
        Assert.Empty(list.FindAll("[data-testid=abusefilter-new]"));
    }

    [Fact]
    public async Task Going_back_from_a_saved_filter_to_a_new_one_gives_an_empty_form()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_sysop, "Filter Admin");
        var editor = await NewFilterAsync(context, "Watch spam", "cheap\\s+watch");
        await editor.Find("[data-testid=abusefilter-save]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        var saved = Assert.Single(await _core.Filters.ListAsync(await _core.ViewerAsync(_sysop)));

        // The saved filter's address, then the browser's back button to "new": one page, so the same instance.
        editor.Render(p => p.Add(x => x.Id, saved.Filter.Id));
        editor.WaitForAssertion(() => Assert.Equal("Watch spam", editor.Find("[data-testid=abusefilter-description] input, input[data-testid=abusefilter-description]").GetAttribute("value")));
        editor.Render(p => p.Add(x => x.Id, (long?)null));

        editor.WaitForAssertion(() => Assert.Equal("New filter", editor.Find("h1").TextContent.Trim()));
        Assert.True(string.IsNullOrEmpty(editor.Find("[data-testid=abusefilter-description] input, input[data-testid=abusefilter-description]").GetAttribute("value")));
        Assert.True(string.IsNullOrEmpty(editor.Find("[data-testid=abusefilter-pattern] input, input[data-testid=abusefilter-pattern]").GetAttribute("value")));
    }
}
