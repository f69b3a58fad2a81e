using Bunit;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Preferences;

namespace JadeStudio.Tests.Components;

/// <summary>Remapping the labeling keys in the preferences: press Change, then the new key.</summary>
public sealed class KeyBindingsEditorTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _user = default!;

    public async Task InitializeAsync() => _user = await _core.UserAsync("Remapping Labeler");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<KeyBindings> StoredAsync() => KeyBindings.Parse((await _core.Users.FindAsync(_user.UserId!.Value))!.KeyBindings);

    private static string KeyOf(IRenderedComponent<PreferencesPage> page, string action) =>
        page.Find($"[data-testid=key-{action}] [data-testid=key-current]").TextContent;

    [Fact]
    public async Task A_key_is_changed_by_pressing_it_a_taken_key_is_refused_Escape_cancels_and_the_defaults_come_back()
    {
        await using var context = new ComponentContext("en", _core);
        context.SignIn(_user, "Remapping Labeler");
        var page = context.Render<PreferencesPage>();
        page.WaitForElement("[data-testid=key-bindings]");
        var editor = page.FindComponent<KeyBindingsEditor>();
        Assert.Equal("S", KeyOf(page, "skip"));

        page.Find("[data-testid=key-skip] [data-testid=key-change]").Click();
        page.WaitForElement("[data-testid=key-skip] [data-testid=key-capturing]");
        context.JSInterop.VerifyInvoke("jadeStudioKeys.capture");
        await editor.InvokeAsync(() => editor.Instance.OnCaptured("KeyN"));
        page.WaitForAssertion(() => Assert.Equal("N", KeyOf(page, "skip")));
        Assert.Equal("KeyN", (await StoredAsync())[LabelingAction.Skip]);

        // I already opens the instructions: refused, nothing changes.
        page.Find("[data-testid=key-skip] [data-testid=key-change]").Click();
        await editor.InvokeAsync(() => editor.Instance.OnCaptured("KeyI"));
        page.WaitForAssertion(() => Assert.Contains("already does “Instructions”", page.Find("[data-testid=keys-problem]").TextContent, StringComparison.Ordinal));
        Assert.Equal("N", KeyOf(page, "skip"));

        // Escape cancels; Tab cannot be taken.
        page.Find("[data-testid=key-answer1] [data-testid=key-change]").Click();
        await editor.InvokeAsync(() => editor.Instance.OnCaptured("Escape"));
        Assert.Equal("1", KeyOf(page, "answer1"));

        page.Find("[data-testid=keys-reset]").Click();
        page.WaitForAssertion(() => Assert.Equal("S", KeyOf(page, "skip")));
        Assert.True((await StoredAsync()).IsDefault);
        Assert.Null((await _core.Users.FindAsync(_user.UserId!.Value))!.KeyBindings);
    }

    [Fact]
    public async Task A_key_that_ends_one_capture_while_the_next_starts_leaves_the_next_one_waiting_for_its_key()
    {
        await using var context = new ComponentContext("en");
        var capture = context.JSInterop.SetupModule(invocation => invocation.Identifier == "jadeStudioKeys.capture");
        // The browser takes its time to remove the first listener: the key pressed meanwhile reaches the page first.
        var removed = capture.SetupVoid("dispose");
        var editor = context.Render<KeyBindingsEditor>(parameters => parameters
            .Add(e => e.Bindings, KeyBindings.Default)
            .Add(e => e.Save, _ => { }));

        editor.FindAll("[data-testid=key-change]")[0].Click();
        var next = editor.FindAll("[data-testid=key-change]")[1].ClickAsync(new());
        await editor.InvokeAsync(() => editor.Instance.OnCaptured("Escape"));
        removed.SetVoidResult();
        await next;

        editor.WaitForAssertion(() => Assert.Single(editor.FindAll("[data-testid=key-capturing]")));
        Assert.NotNull(editor.Find("[data-testid=key-answer2] [data-testid=key-capturing]"));
    }
}
