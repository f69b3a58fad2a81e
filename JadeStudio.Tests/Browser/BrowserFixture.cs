using JadeStudio.Tests.Support;
using Microsoft.Playwright;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// One running app and one headless Chromium for all browser tests. The browser is Debian's
/// chromium by default (Playwright cannot download its own here); JADESTUDIO_BROWSER points at
/// another executable, e.g. Playwright's own Chromium on a developer machine.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string BrowserPathVariable = "JADESTUDIO_BROWSER";

    /// <summary>
    /// Milliseconds by which a <see cref="TcpForwarder"/> delays what the app sends to the browser, for a run of the journeys
    /// as over a distant reader's network (unset: the browser talks to the app directly).
    /// </summary>
    public const string LatencyVariable = "JADESTUDIO_BROWSER_LATENCY_MS";

    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    private IPlaywright _playwright = default!;
    private TcpForwarder? _slowLink;

    public async Task InitializeAsync()
    {
        // Generous: CI machines have two cores and are shared; a slow render is not what these tests are about.
        Assertions.SetDefaultExpectTimeout(30_000);
        App = await StartAppAsync();
        if (int.TryParse(Environment.GetEnvironmentVariable(LatencyVariable), out var latency) && latency > 0)
        {
            _slowLink = new TcpForwarder(App.BaseAddress.Host, App.BaseAddress.Port, TimeSpan.FromMilliseconds(latency));
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>
    /// An extra development account, "admin" (sysop), that no journey changes: "sysop" loses its group in
    /// the right-removal journey, and journeys that need the right "block" must not depend on the order.
    /// </summary>
    protected virtual Task<AppProcess> StartAppAsync() => AppProcess.StartAsync(new Dictionary<string, string>
    {
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Key"] = "admin",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Name"] = "Test Admin",
        ["JadeStudio__DevelopmentSignIn__Accounts__5__Groups__0"] = "sysop",
    });

    /// <summary>Headless Chromium with the flags this machine needs (no sandbox as root, no background network).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable(BrowserPathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A phone's screen (an iPhone 12–15 in CSS pixels), for the journeys that must work on one.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>
    /// A fresh browser context (own cookies) with a page on the app, optionally on a phone-sized screen, with the system in
    /// dark mode, or with scripts off (the prerendered page, as it stands before its circuit is live).
    /// </summary>
    public async Task<IPage> NewPageAsync(string? acceptLanguage = "en-US", ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light, Uri? address = null,
        string? storageState = null, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (address ?? _slowLink?.Address ?? App.BaseAddress).ToString(),
            Locale = acceptLanguage,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = colorScheme,
            HasTouch = viewport is not null,
            StorageState = storageState,
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = ConsoleErrorsOf.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"{message.Text} ({page.Url})");
                }
            }
        };
        return page;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> ConsoleErrorsOf = [];

    /// <summary>What the browser's console reported as errors on a page made by <see cref="NewPageAsync"/>, from its first load on (a script the security policy refused, a resource that failed).</summary>
    public static IReadOnlyList<string> ConsoleErrors(IPage page)
    {
        var errors = ConsoleErrorsOf.GetOrCreateValue(page);
        lock (errors)
        {
            return [.. errors];
        }
    }

    /// <summary>
    /// Waits until the page's interactive circuit is connected (the app marks the html element). A click made
    /// before that can be lost while the circuit starts on a busy machine, so journeys wait before interacting.
    /// </summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("html[data-circuit=connected]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Waits until the labeling view answers keys: its key listener is registered after its first render, so a key pressed
    /// as soon as the circuit connects can reach a page that does not listen yet.
    /// </summary>
    public static Task WaitForKeysAsync(IPage page) =>
        page.Locator("html[data-keys=listening]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Chooses <paramref name="option"/> in the MudBlazor select <paramref name="selectTestId"/> and waits until the select shows
    /// it, as a person sees the choice before going on. MudBlazor stores the choice only after its own round trips to the
    /// browser (and first hands the focus back to the select), so a field filled or a Save clicked sooner is handled
    /// before the choice — the form was saved without it, or the next field's text was typed into the select.
    /// </summary>
    public static async Task ChooseAsync(IPage page, string selectTestId, string option)
    {
        await page.GetByTestId(selectTestId).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        // A select with a value is a div showing its text, an empty one an input.
        await page.WaitForFunctionAsync(
            "([id, text]) => { const e = document.querySelector(`[data-testid=\"${id}\"]`); return e !== null && (e.value ?? e.textContent).trim() === text; }",
            new[] { selectTestId, option });
    }

    /// <summary>Starts a discussion thread with the artifact page's "new thread" form.</summary>
    public static async Task StartThreadAsync(IPage page, string title, string text)
    {
        var form = page.GetByTestId("new-thread");
        await form.GetByTestId("thread-title").FillAsync(title);
        await form.GetByTestId("thread-text").FillAsync(text);
        await form.GetByTestId("thread-start").ClickAsync();
    }

    /// <summary>
    /// A fresh context signed in with one of the development accounts, on <paramref name="returnUrl"/> with its circuit connected
    /// (at <paramref name="address"/> where the fixture runs more than one node, or a proxy).
    /// </summary>
    public async Task<IPage> SignedInAsync(string account, string returnUrl, ViewportSize? viewport = null, string acceptLanguage = "en-US",
        ColorScheme colorScheme = ColorScheme.Light, Uri? address = null)
    {
        var page = await NewPageAsync(acceptLanguage, viewport, colorScheme, address);
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await SignInOnPageAsync(page, account);
        return page;
    }

    /// <summary>Each account's cookies after its first sign-in through <see cref="SessionOfAsync"/> (the browser tests run one at a time).</summary>
    private readonly Dictionary<string, string> _sessions = [];

    /// <summary>
    /// Like <see cref="SignedInAsync"/>, but the fresh context carries the cookies of one earlier sign-in of the account
    /// instead of signing in again (about 0.75 s less a page here), for tests about a page rather than about signing in.
    /// Fails when the session no longer signs the account in, rather than checking a signed-out page.
    /// </summary>
    public async Task<IPage> SignedInBeforeAsync(string account, string path, string acceptLanguage = "en-US", ColorScheme colorScheme = ColorScheme.Light)
    {
        var page = await NewPageAsync(acceptLanguage, colorScheme: colorScheme, storageState: await SessionOfAsync(account));
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
        await page.GetByTestId("signout").WaitForAsync();
        return page;
    }

    /// <summary>The cookies of one sign-in of <paramref name="account"/>, for a context of its own.</summary>
    public async Task<string> SessionOfAsync(string account)
    {
        if (!_sessions.TryGetValue(account, out var state))
        {
            var page = await SignedInAsync(account, "/");
            state = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            _sessions[account] = state;
        }
        return state;
    }

    /// <summary>On the sign-in page: signs in as <paramref name="account"/> and waits for the page it returns to and its circuit.</summary>
    public static async Task SignInOnPageAsync(IPage page, string account)
    {
        await WaitForCircuitAsync(page);
        // The sign-in form posts and redirects: the new page offers to sign out (on any screen size); then wait
        // for its own circuit (waiting at once could still see the sign-in page's).
        await page.GetByTestId($"signin-as-{account}").ClickAsync();
        await page.GetByTestId("signout").WaitForAsync();
        await WaitForCircuitAsync(page);
    }

    /// <summary>An API token of <paramref name="account"/> with these rights, made on the tokens page as a person does.</summary>
    public async Task<string> TokenAsync(string account, params string[] rights)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString("/preferences/tokens"));
        await SignInOnPageAsync(page, account);
        await AcceptRedactionTermsAsync(page);
        await page.GetByTestId("token-name").FillAsync("browser test " + Guid.NewGuid().ToString("N")[..6]);
        foreach (var right in rights)
        {
            await page.GetByTestId("token-rights").GetByText(right, new() { Exact = true }).ClickAsync();
        }
        await page.GetByTestId("token-create").ClickAsync();
        var token = await page.GetByTestId("token-secret").InputValueAsync();
        await page.Context.CloseAsync();
        return token;
    }

    /// <summary>
    /// A campaign the researcher makes through the API (<paramref name="settings"/>: its JSON without the form, which is
    /// edit quality) with <paramref name="tasks"/> uploaded; returns its id.
    /// </summary>
    public async Task<long> CampaignAsync(string settings, string tasks, string contentType = "text/plain")
    {
        var token = await TokenAsync("researcher", "createcampaign", "uploadartifacts");
        using var api = new HttpClient { BaseAddress = App.BaseAddress };
        var created = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, "api/v1/campaigns", token, "{\"form\":\"editquality\"," + settings.TrimStart()[1..]));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await ApiHarness.JsonAsync(created)).GetProperty("id").GetInt64();
        var upload = await api.SendAsync(ApiHarness.Request(HttpMethod.Post, $"api/v1/campaigns/{id}/tasks", token, tasks, contentType));
        Assert.Equal(System.Net.HttpStatusCode.OK, upload.StatusCode);
        return id;
    }

    /// <summary>
    /// On the tokens page: accepts the redaction terms if this account has not yet (journeys share accounts, in any
    /// order), and waits until the page says they are accepted.
    /// </summary>
    public static async Task AcceptRedactionTermsAsync(IPage page)
    {
        var accept = page.GetByTestId("terms-accept");
        var accepted = page.GetByTestId("terms-accepted");
        await accept.Or(accepted).First.WaitForAsync();
        if (await accept.IsVisibleAsync())
        {
            await accept.ClickAsync();
        }
        await accepted.WaitForAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        if (_slowLink is not null)
        {
            await _slowLink.DisposeAsync();
        }
        await App.DisposeAsync();
    }
}

/// <summary>Browser tests run on their own, not beside CPU-heavy test classes (timings in a real browser are what they check).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
