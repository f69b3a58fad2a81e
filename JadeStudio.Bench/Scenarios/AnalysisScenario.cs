using System.Diagnostics;

namespace JadeStudio.Bench.Scenarios;

/// <summary>5: the model-versus-human analysis over a million scored and judged artifacts, through its API endpoint.</summary>
public static class AnalysisScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchApp app, SeededData data)
    {
        using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(10) };
        var url = $"api/v1/wikis/{data.AnalysisWiki}/analysis?model=damaging&threshold=0.5";
        var times = new List<double>();
        string body = "";
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            body = await http.GetStringAsync(url);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        if (!body.Contains("\"roc\"", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The analysis answered without curves: " + body[..Math.Min(300, body.Length)]);
        }
        times.Sort();
        return
        [
            new("5 analysis", $"{data.AnalysisArtifacts:N0} artifacts: confusion, ROC, PR, calibration (median of 3)", "s", times[1], null, TargetKind.AtMost, 1,
                $"first call {Measurement.Format(times.Max())} s"),
        ];
    }
}
