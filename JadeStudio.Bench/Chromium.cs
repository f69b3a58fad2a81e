using Microsoft.Playwright;

namespace JadeStudio.Bench;

/// <summary>Debian's Chromium driven by Playwright (headless), for the scenarios that measure what a browser shows or holds open.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("JADESTUDIO_BROWSER") ?? "/usr/bin/chromium";
        return new(playwright, await playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] }));
    }

    /// <summary>Opens the page and waits until its interactive circuit is connected.</summary>
    public static async Task OpenAsync(IPage page, Uri url)
    {
        await page.GotoAsync(url.ToString());
        await WaitForCircuitAsync(page);
    }

    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("html[data-circuit=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
