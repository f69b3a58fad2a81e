using Microsoft.Playwright;

namespace JadeStudio.Bench.Scenarios;

/// <summary>6: memory of the app per open interactive circuit on the artifact page, opened by headless Chromium.</summary>
public static class CircuitScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchApp app, SeededData data, int circuits)
    {
        await using var chromium = await Chromium.LaunchAsync();
        var browser = chromium.Browser;
        var url = new Uri(app.Address, Environment.GetEnvironmentVariable("JADESTUDIO_CIRCUIT_PATH") ?? $"artifact/{data.ReadArtifact}");

        // Warm the page once (JIT, caches); the app's memory once it stops moving is the idle baseline.
        var context = await browser.NewContextAsync();
        var warm = await context.NewPageAsync();
        await Chromium.OpenAsync(warm, url);
        await warm.CloseAsync();
        var idle = await Machine.SettledMemoryAsync(app.ProcessId);

        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await Chromium.OpenAsync(page, url);
            pages.Add(page);
        }
        var loaded = await Machine.SettledMemoryAsync(app.ProcessId);
        await context.CloseAsync();
        var perCircuit = (loaded - idle) / circuits;
        return
        [
            new("6 circuits", $"{circuits} open artifact pages", "MB/circuit", perCircuit, null, TargetKind.AtMost, 0.5,
                $"idle app {Measurement.Format(idle)} MB, with circuits {Measurement.Format(loaded)} MB (resident)"),
        ];
    }
}
