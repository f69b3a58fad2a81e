using Bunit;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Preferences;
using MudBlazor;

namespace JadeStudio.Tests.Components;

/// <summary>A date chosen in a form reads as dates do in the viewer's language, not in one fixed format.</summary>
public sealed class DatePickerCultureTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Theory]
    [InlineData("de", @"^15\.\d{2}\.\d{4}$")]
    [InlineData("en", @"^\d{1,2}/15/\d{4}$")]
    [InlineData("he", @"^15\.\d{1,2}\.\d{4}$")]
    public async Task A_tokens_expiry_picked_on_the_calendar_reads_in_the_viewers_language(string language, string pattern)
    {
        var owner = await _core.UserAsync("Picker " + language, "autoconfirmed");
        await using var context = new ComponentContext(language, _core);
        context.SignIn(owner, "Picker " + language);
        var popovers = context.Render<MudPopoverProvider>();
        var page = context.Render<ApiTokens>();

        page.WaitForElement("input[data-testid=token-expiry]").Click();
        popovers.WaitForElements(".mud-picker-calendar-day");
        popovers.FindAll("button.mud-picker-calendar-day:not(.mud-hidden)").First(day => day.TextContent.Trim() == "15").Click();

        page.WaitForAssertion(() => Assert.Matches(pattern, page.Find("input[data-testid=token-expiry]").GetAttribute("value") ?? ""));
    }
}
