using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// axe-core, as Deque.AxeCore bundles it, run once over the whole page. Deque.AxeCore.Playwright's <c>RunAxe</c> runs
/// each frame on its own and merges the results in a second page it opens for that: 3–5 s a page on a CI machine,
/// against 0.7–1.1 s for one run in the page, over about 90 pages a test run. JadeStudio's pages have no frames (checked
/// below), so one run sees everything <c>RunAxe</c> would.
/// </summary>
internal static class Axe
{
    private static readonly string Script = new BundledAxeScriptProvider().GetScript();

    /// <summary>axe-core's violations on <paramref name="page"/> as it is now (every rule axe enables by default).</summary>
    public static async Task<AxeResult> RunAsync(IPage page)
    {
        Assert.True(page.Frames.Count == 1, $"the page has {page.Frames.Count - 1} frame(s), which one run in the page does not see into; use Deque's RunAxe for it");
        // Playwright's evaluate is not an inline script, so the app's Content-Security-Policy does not refuse it.
        await page.EvaluateAsync(Script);
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(await axe.run(document, { resultTypes: ['violations'] }))");
        return new AxeResult(JObject.Parse(json));
    }
}
