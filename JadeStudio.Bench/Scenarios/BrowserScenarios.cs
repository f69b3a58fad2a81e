using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// 8 and 9: what a person waits for in the browser. Headless Chromium (started before the clock) drives the app as a
/// reviewer does; times are taken inside the page where a round trip of the driver would blur them.
/// </summary>
public static class BrowserScenarios
{
    /// <summary>
    /// 8: a new app process over the seeded data (a restart, a new node) until its first artifact page is interactive
    /// (the page's circuit connected). Target: 5 s. A node restarted during a deployment, or one added under load, is out
    /// of the rotation for that long; a reviewer who meets it waits as for a slow page, not for a broken site.
    /// The moment the page became interactive is taken inside the page, on the machine's clock, as the labeling scenario's
    /// times are: the driver's wait for the attribute polls at growing intervals (up to half a second) and would add its
    /// own delay to the figure.
    /// </summary>
    public static async Task<IReadOnlyList<Measurement>> ColdStartAsync(string repository, string dataDirectory, SeededData data)
    {
        await using var browser = await Chromium.LaunchAsync();
        var context = await browser.Browser.NewContextAsync();
        await context.AddInitScriptAsync(RecordInteractiveMoment);
        var page = await context.NewPageAsync();
        // What the start-up check reads: the file and the log the app running over the same data keeps beside it.
        var database = Path.Combine(dataDirectory, "jadestudio.db");
        var (fileBytes, logBytes) = (new FileInfo(database).Length, new FileInfo(database + "-wal") is { Exists: true } log ? log.Length : 0);
        var started = DateTimeOffset.UtcNow;
        await using var app = await BenchApp.StartAsync(repository, dataDirectory);
        var ready = DateTimeOffset.UtcNow - started;
        var cold = await OpenTimedAsync(page, new Uri(app.Address, $"artifact/{data.ReadArtifact}"));
        var interactive = cold.Interactive - started;
        // The same page again in a new tab of the warm app: what the first one cost beyond an ordinary open.
        var warmPage = await context.NewPageAsync();
        var warmOpened = DateTimeOffset.UtcNow;
        var warm = await OpenTimedAsync(warmPage, new Uri(app.Address, $"artifact/{data.ReadArtifact}"));
        await context.CloseAsync();
        return
        [
            new("8 cold start", "process start to the first interactive artifact page", "s", interactive.TotalSeconds, null, TargetKind.AtMost, 5,
                $"health check answered after {Measurement.Format(ready.TotalSeconds)} s, the page interactive {Measurement.Format((interactive - ready).TotalSeconds)} s later " +
                $"(its HTML began after {Measurement.Format(cold.FirstByte.TotalMilliseconds)} ms); the same page in a warm app: {Measurement.Format((warm.Interactive - warmOpened).TotalMilliseconds)} ms " +
                $"(HTML after {Measurement.Format(warm.FirstByte.TotalMilliseconds)} ms); a first visit transfers {Measurement.Format(cold.TransferredBytes / 1024.0)} KB over HTTP; " +
                $"the database {Measurement.Format(fileBytes / 1048576.0)} MB, its log {Measurement.Format(logBytes / 1048576.0)} MB"),
        ];
    }

    /// <summary>When the page's circuit connected (on the machine's clock) and what its first load asked of the server.</summary>
    private sealed record TimedOpen(DateTimeOffset Interactive, TimeSpan FirstByte, long TransferredBytes);

    private static async Task<TimedOpen> OpenTimedAsync(IPage page, Uri url)
    {
        await Chromium.OpenAsync(page, url);
        var timing = await page.EvaluateAsync<double[]>("""
            () => {
                const navigation = performance.getEntriesByType('navigation')[0];
                const transferred = [navigation, ...performance.getEntriesByType('resource')].reduce((sum, entry) => sum + entry.transferSize, 0);
                return [window.jadeBenchInteractive, navigation.responseStart - navigation.startTime, transferred];
            }
            """);
        return new(DateTimeOffset.FromUnixTimeMilliseconds(0).AddMilliseconds(timing[0]), TimeSpan.FromMilliseconds(timing[1]), (long)timing[2]);
    }

    /// <summary>
    /// Runs in every page before its own scripts: notes the epoch time (milliseconds, sub-millisecond precision) at which
    /// the page marks its circuit connected.
    /// </summary>
    private const string RecordInteractiveMoment = """
        new MutationObserver((changes, observer) => {
            if (document.documentElement.dataset.circuit === 'connected') {
                window.jadeBenchInteractive = performance.timeOrigin + performance.now();
                observer.disconnect();
            }
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-circuit'] });
        """;

    /// <summary>
    /// 9: Save &amp; next in a labeling workset of wiki diffs (a fake wiki, the workset's diffs read ahead when it was
    /// given): from the Enter key that saves until the next task's diff is on screen. Targets from what people notice:
    /// the median within 100 ms (an answer that feels instant, so a labeler keeps their rhythm over hundreds of tasks),
    /// the slowest twentieth within 1 s (a pause noticed, the train of thought kept).
    /// </summary>
    public static async Task<IReadOnlyList<Measurement>> LabelingAsync(string repository, string dataDirectory, SeededData data)
    {
        const int Tasks = 30, WarmUp = 3;
        await using var wiki = await FakeWiki.StartAsync();
        await using var app = await BenchApp.StartAsync(repository, dataDirectory, wiki.Settings());
        using (var http = new HttpClient { BaseAddress = app.Address })
        {
            var lines = string.Join('\n', Enumerable.Range(0, Tasks).Select(i => (800_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var upload = new HttpRequestMessage(HttpMethod.Post, $"api/v1/campaigns/{data.LabelingCampaignId}/tasks") { Content = new StringContent(lines, Encoding.UTF8, "text/plain") };
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", data.UploadToken);
            (await http.SendAsync(upload)).EnsureSuccessStatusCode();
        }
        await using var browser = await Chromium.LaunchAsync();
        var page = await (await browser.Browser.NewContextAsync(new() { BaseURL = app.Address.ToString() })).NewPageAsync();
        await page.GotoAsync("signin?returnUrl=" + Uri.EscapeDataString($"/campaigns/{data.LabelingCampaignId}"));
        await Chromium.WaitForCircuitAsync(page);
        await page.GetByTestId("signin-as-reviewer").ClickAsync();
        await page.GetByTestId("signout").WaitForAsync();
        await Chromium.WaitForCircuitAsync(page);
        await page.GetByTestId("request-workset").ClickAsync();
        await page.GetByTestId("wiki-diff").WaitForAsync();
        // Every diff of the workset read ahead (the first one shown, the others prefetched) before anything is timed.
        await wiki.DiffsServedAsync(Tasks);

        var asked = wiki.Requests;
        var times = new List<double>();
        for (var task = 0; task < Tasks - 1; task++)
        {
            await page.Keyboard.PressAsync("Digit2");
            await page.GetByTestId("answer-damaging-false").And(page.Locator("[data-chosen=true]")).WaitForAsync();
            await page.Keyboard.PressAsync("Digit4");
            await page.GetByTestId("answer-goodfaith-true").And(page.Locator("[data-chosen=true]")).WaitForAsync();
            await page.EvaluateAsync(WatchForNextTask);
            await page.Keyboard.PressAsync("Enter");
            var milliseconds = await page.EvaluateAsync<double>("() => window.jadeBenchNext");
            if (task >= WarmUp)
            {
                times.Add(milliseconds);
            }
        }
        asked = wiki.Requests - asked;
        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
        return
        [
            new("9 labeling", $"Save & next to the next task's diff on screen (median of {times.Count})", "ms", median, null, TargetKind.AtMost, 100,
                $"fastest {Measurement.Format(times[0])} ms; diffs from a fake wiki, read ahead when the workset was given (the wiki was asked {asked} times while measured)"),
            new("9 labeling", "Save & next, 95th percentile", "ms", p95, null, TargetKind.AtMost, 1000, $"slowest {Measurement.Format(times[^1])} ms"),
        ];
    }

    /// <summary>
    /// Installs a watcher in the page: from the Enter keydown until the task heading shows another artifact and its wiki
    /// content has finished loading with that artifact's diff (<see cref="FakeWiki.EditLine"/>). Its promise is what
    /// <c>window.jadeBenchNext</c> resolves to.
    /// </summary>
    private const string WatchForNextTask = """
        () => {
            const before = document.querySelector('[data-testid=task-artifact]').textContent;
            let start = null;
            document.addEventListener('keydown', e => { if (e.key === 'Enter') start = performance.now(); }, { capture: true, once: true });
            window.jadeBenchNext = new Promise(resolve => {
                const shown = () => {
                    const heading = document.querySelector('[data-testid=task-artifact]');
                    const content = document.querySelector('[data-testid=wiki-content]');
                    const diff = content && content.querySelector('[data-testid=wiki-diff]');
                    return start !== null && heading && heading.textContent !== before && diff
                        && content.getAttribute('aria-busy') === 'false'
                        && [...diff.querySelectorAll('td.diff-addedline')].some(line => line.textContent === 'edit ' + heading.textContent.split('/').pop());
                };
                const observer = new MutationObserver(() => { if (shown()) { observer.disconnect(); resolve(performance.now() - start); } });
                observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
            });
        }
        """;
}
