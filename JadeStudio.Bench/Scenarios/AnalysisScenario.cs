using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Bench.Scenarios;

/// <summary>
/// 5: the model-versus-human analysis over a million scored and judged artifacts, through its API endpoint, against a raw
/// read of the same pairs in the same run: every preferred answer of the wiki's edit-quality judgments and every damaging
/// probability, read straight from SQLite (the data the analysis starts from, without its curves, JSON or HTTP).
/// </summary>
public static class AnalysisScenario
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchApp app, SeededData data, string databasePath)
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
        var raw = new List<double>();
        var pairs = 0;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            pairs = RawRead(databasePath, data.AnalysisWiki);
            raw.Add(clock.Elapsed.TotalSeconds);
        }
        raw.Sort();
        return
        [
            new("5 analysis", $"{data.AnalysisArtifacts:N0} artifacts: confusion, ROC, PR, calibration (median of 3)", "s", times[1], raw[1], TargetKind.RatioAtMost, 2,
                $"first call {Measurement.Format(times.Max())} s; baseline: the {pairs:N0} answers and probabilities read raw (median of 3)"),
        ];
    }

    /// <summary>The wiki's preferred edit-quality answers and damaging probabilities, each row stepped through once.</summary>
    private static int RawRead(string databasePath, string wiki)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        var rows = 0;
        foreach (var sql in new[]
        {
            """
            SELECT a.RevId, json_extract(p.LabelData, '$.damaging') FROM proposals p JOIN artifacts a ON a.Id = p.ArtifactId
            WHERE p.Facet = 'editquality' AND p.Preferred = 1 AND a.Wiki = $wiki
            """,
            """
            SELECT RevId, json_extract(Probabilities, '$.true') FROM scores WHERE Wiki = $wiki AND Model = 'damaging' AND ErrorType IS NULL
            """,
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$wiki", wiki);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _ = reader.GetInt64(0);
                _ = reader.IsDBNull(1) ? null : reader.GetValue(1);
                rows++;
            }
        }
        return rows;
    }
}
