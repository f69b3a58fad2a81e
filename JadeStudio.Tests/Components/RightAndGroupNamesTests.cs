using Bunit;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Preferences;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>
/// A right is shown by what it allows, in the viewer's language, beside the name configuration and the API use; a group
/// the app ships with by its name in the viewer's language.
/// </summary>
public sealed class RightAndGroupNamesTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _user = default!;

    public async Task InitializeAsync() => _user = await _core.UserAsync("Rights Reader", "autoconfirmed");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task The_rights_page_says_what_each_right_allows_in_the_viewers_language()
    {
        await using var context = new ComponentContext("he", _core);
        context.Services.AddSingleton(JadeStudio.Core.Users.WikiRightsMap.Defaults());
        context.SignIn(_user, "Rights Reader");

        var page = context.Render<MyRights>();

        page.WaitForAssertion(() =>
        {
            var judge = page.FindAll("[data-testid=rights-table] tbody tr").Single(row => row.QuerySelector("code")?.TextContent == "judge");
            Assert.Contains("לשפוט עריכות וגרסאות", judge.TextContent, StringComparison.Ordinal);
            var setPreferred = page.FindAll("[data-testid=rights-table] tbody tr").Single(row => row.QuerySelector("code")?.TextContent == "setpreferred");
            Assert.Contains("הקבוצה משתמשים ותיקים", setPreferred.TextContent, StringComparison.Ordinal);
            Assert.Equal("משתמשים ותיקים", page.Find("[data-testid=membership][data-group=autoconfirmed] .mud-chip").TextContent.Trim());
        });
    }

    [Fact]
    public void A_group_an_operator_added_keeps_its_configured_name()
    {
        var messages = new JadeStudio.Web.I18n.Messages(JadeStudio.Core.I18n.MessageCatalog.LoadDirectory(RepositoryPaths.I18n), new JadeStudio.Web.I18n.UiLanguage { Code = "de" });

        Assert.Equal("Administratoren", messages.Group("sysop"));
        Assert.Equal("translators", messages.Group("translators"));
    }

    [Fact]
    public async Task A_tokens_rights_are_chosen_by_what_they_allow()
    {
        await using var context = new ComponentContext("de", _core);
        context.SignIn(_user, "Rights Reader");

        var page = context.Render<ApiTokens>();

        page.WaitForAssertion(() =>
        {
            var labels = page.FindAll("[data-testid=token-rights] label").Select(label => label.TextContent.Trim()).ToList();
            Assert.Contains("Bearbeitungen und Versionen beurteilen und Urteilen zustimmen judge", labels);
            Assert.Contains("Diskussionen beginnen und auf sie antworten comment", labels);
        });
    }

    [Fact]
    public async Task The_group_log_names_each_group_in_the_viewers_language_with_its_expiry()
    {
        var bureaucrat = await _core.UserAsync("Log Bureaucrat", "bureaucrat");
        await using var context = new ComponentContext("de", _core);
        context.SignIn(bureaucrat, "Log Bureaucrat");

        var before = context.Render<JadeStudio.Web.Components.Pages.Users.GroupManagement>();
        before.WaitForElement("[data-testid=group-log-empty]");
        Assert.Empty(before.FindAll("[data-testid=group-log]"));

        var until = new DateTimeOffset(2031, 3, 4, 0, 0, 0, TimeSpan.Zero);
        (await _core.Groups.AddAsync(bureaucrat, _user.UserId!.Value, "researcher", "Pilotstudie", until)).OrThrow();
        var page = context.Render<JadeStudio.Web.Components.Pages.Users.GroupManagement>();

        page.WaitForAssertion(() =>
        {
            var entry = page.Find("[data-testid=group-log] [data-testid=log-entry]");
            Assert.Equal("Forscher", entry.QuerySelector(".mud-chip")!.TextContent.Trim());
            Assert.Contains("bis 04.03.2031", entry.TextContent, StringComparison.Ordinal);
            Assert.Contains("Pilotstudie", entry.TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=group-log-empty]"));
    }
}
