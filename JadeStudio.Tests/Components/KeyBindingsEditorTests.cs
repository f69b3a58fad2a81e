using Bunit;
using JadeStudio.Core.Campaigns;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Preferences;

namespace JadeStudio.Tests.Components;

/// <summary>Changing the labeling keys on the preferences page.</summary>
public sealed class KeyBindingsEditorTests
{
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
