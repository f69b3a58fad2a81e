using System.Diagnostics;
using System.Globalization;
using System.Text;
using JadeStudio.Bench;
using JadeStudio.Bench.Scenarios;

// Usage (after publishing the app as scripts/bench.sh does): dotnet run -c Release --project JadeStudio.Bench [-- --scale 0.1] [--seconds 20] [--no-report]
// --scale shrinks every data size (for a quick check); the report in docs/ is only written at full scale.
// --only 4,5 runs just those scenarios (for profiling one; no report is written).
var scale = args.SkipWhile(a => a != "--scale").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1.0);
var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',').ToHashSet();
int Scaled(int n) => Math.Max(1_000, (int)(n * scale));
// --seconds 20 measures each load longer than the default (10 s at full scale): a small scale with a long load profiles one scenario.
var duration = TimeSpan.FromSeconds(args.SkipWhile(a => a != "--seconds").Skip(1).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(Math.Max(3, 10 * scale)));
const int Clients = 64;

var repository = FindRepository();
var work = Path.Combine(Path.GetTempPath(), "jadestudio-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
var dataDirectory = Path.Combine(work, "app");
Directory.CreateDirectory(dataDirectory);
var databasePath = Path.Combine(dataDirectory, "jadestudio.db");
var total = Stopwatch.StartNew();
var results = new List<Measurement>();
var machine = "";

try
{
    // PostgreSQL where scripts/bench.sh started a server (JADESTUDIO_TEST_POSTGRES).
    var postgres = Environment.GetEnvironmentVariable("JADESTUDIO_TEST_POSTGRES") is { Length: > 0 } server ? server : null;
    machine = await Machine.DescribeAsync(BenchApp.PublishedFolder(repository), postgres);
    Console.WriteLine("Machine: " + machine);
    Console.WriteLine("Seeding …");
    var data = await new Seed(databasePath).RunAsync(events: Scaled(1_000_000), analysisArtifacts: Scaled(1_000_000));
    Console.WriteLine($"  seeded in {total.Elapsed.TotalSeconds:0} s");
    // On PostgreSQL the same data, copied before any scenario changes it.
    await using var postgresData = postgres is null || only is { } chosen && !chosen.Overlaps(["1", "3", "4"]) ? null : await PostgresBenchDatabase.CreateAsync(postgres, databasePath);
    // The shared app serves scenarios 1-6 and stops before 7-9, which each start an app of their own on the same data: a
    // second node on that database would run the jobs they measure (its scheduler already up while theirs waits out its
    // start delay), and its idle work would share the machine with their starts.
    await using (var app = await BenchApp.StartAsync(repository, dataDirectory))
    {
        // The import runs first, so the app's peak memory is the import's (or start-up's), not another scenario's.
        await RunAsync("1 import", () => ImportScenario.RunAsync(app, data, work, databasePath, Scaled(1_000_000)));
        await using (var bare = await BareServer.StartAsync(Path.Combine(work, "baseline-writes.db"), []))
        {
            await RunAsync("2 writes", () => HttpScenarios.WritesAsync(app, bare, data, Clients, duration));
        }
        // Scenario 2 on PostgreSQL, one node and two (a database of its own).
        if (postgres is not null)
        {
            await RunAsync("2 writes, PostgreSQL", () => PostgresWriteScenario.RunAsync(repository, work, postgres, Clients, duration * 2));
        }
        await RunAsync("3 reads", async () => (await HttpScenarios.ReadsAsync(app, body => BareServer.StartAsync(Path.Combine(work, "baseline-reads.db"), body), data, Clients, duration)).Rows);
        await RunAsync("3 reads, content on", async () =>
        {
            // A second app on the same data, content on, its wikis at a fake one; the first app (content off) is the baseline.
            await using var wiki = await FakeWiki.StartAsync();
            await using var withContent = await BenchApp.StartAsync(repository, dataDirectory, wiki.Settings());
            return await HttpScenarios.ReadsWithContentAsync(app, withContent, wiki, data, Clients, duration);
        });
        await RunAsync("4 feed", () => FeedScenario.RunAsync(app, databasePath, data.Events));
        if (postgresData is not null)
        {
            // One node on the copied database; the SQLite app idles meanwhile.
            var nodeDirectory = Path.Combine(work, "postgres-node");
            Directory.CreateDirectory(nodeDirectory);
            await using var node = await BenchApp.StartAsync(repository, nodeDirectory, postgresData.NodeSettings);
            await RunAsync("1 import, PostgreSQL", () => ImportScenario.RunAsync("1 import, PostgreSQL", node, data, work, Scaled(1_000_000), () => postgresData.RawCopyAsync(Scaled(1_000_000)), postgresData.StoredBytesAsync));
            if (only is null || only.Contains("1"))
            {
                await postgresData.SettleAsync();
            }
            await RunAsync("3 reads, PostgreSQL", async () => (await HttpScenarios.ReadsAsync(node, body => BareServer.StartAsync(Path.Combine(work, "baseline-reads-pg.db"), body), data, Clients, duration,
                "3 reads, PostgreSQL")).Rows);
            await RunAsync("4 feed, PostgreSQL", () => FeedScenario.RunAsync("4 feed, PostgreSQL", node, postgresData.RawReadEventsAsync, data.Events));
        }
        // Circuits before the analysis: the analysis leaves hundreds of MB of garbage that would blur a resident-memory difference.
        await RunAsync("6 circuits", () => CircuitScenario.RunAsync(app, data, Math.Max(10, (int)(200 * scale))));
        await RunAsync("5 analysis", () => AnalysisScenario.RunAsync(app, data, databasePath));
    }
    // In an app of its own, alone on the data (the first one's peak is the import's).
    await RunAsync("7 dump", () => DumpScenario.RunAsync(repository, dataDirectory, data));
    await RunAsync("8 cold start", () => BrowserScenarios.ColdStartAsync(repository, dataDirectory, data));
    await RunAsync("9 labeling", () => BrowserScenarios.LabelingAsync(repository, dataDirectory, data));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
        // A file still held by the stopping app; the temp cleaner gets it.
    }
}

var table = Table(results);
Console.WriteLine();
Console.WriteLine(table);
Console.WriteLine($"Total time: {total.Elapsed.TotalMinutes:0.0} min; {results.Count(r => r.Passed)} of {results.Count} targets met.");
if (scale == 1.0 && only is null && !args.Contains("--no-report"))
{
    var report = Path.Combine(repository, "docs", "benchmarks.md");
    var text = await File.ReadAllTextAsync(report);
    const string Start = "<!-- results -->", End = "<!-- /results -->";
    var generated = $"{Start}\nMeasured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on: {machine}\n\n{table}\n{End}";
    var from = text.IndexOf(Start, StringComparison.Ordinal);
    var to = text.IndexOf(End, StringComparison.Ordinal);
    text = from >= 0 && to > from ? text[..from] + generated + text[(to + End.Length)..] : text + "\n" + generated + "\n";
    await File.WriteAllTextAsync(report, text);
    Console.WriteLine("Results written to " + report);
}
return results.All(r => r.Passed) ? 0 : 1;

async Task RunAsync(string name, Func<Task<IReadOnlyList<Measurement>>> scenario)
{
    if (only is not null && !only.Contains(name.Split(' ')[0]))
    {
        return;
    }
    Console.WriteLine($"Running {name} …");
    var clock = Stopwatch.StartNew();
    var rows = await scenario();
    results.AddRange(rows);
    foreach (var row in rows)
    {
        Console.WriteLine($"  {row.What}: {Measurement.Format(row.Value)} {row.Unit}" + (row.Baseline is { } b ? $" (baseline {Measurement.Format(b)}, ratio {Measurement.Format(row.Ratio!.Value)})" : ""));
    }
    Console.WriteLine($"  ({clock.Elapsed.TotalSeconds:0} s)");
}

static string Table(IEnumerable<Measurement> rows)
{
    var text = new StringBuilder();
    text.AppendLine("| # | Measurement | Value | Baseline | Ratio | Target | Result | Notes |");
    text.AppendLine("|---|---|---|---|---|---|---|---|");
    foreach (var r in rows)
    {
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {r.Scenario} | {r.What} | {Measurement.Format(r.Value)} {r.Unit} | {(r.Baseline is { } b ? Measurement.Format(b) + " " + r.Unit : "—")} | " +
                        $"{(r.Ratio is { } ratio ? Measurement.Format(ratio) + "×" : "—")} | {r.TargetText} | {(r.Passed ? "pass" : "**miss**")} | {r.Note ?? ""} |");
    }
    return text.ToString();
}

static string FindRepository()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "JadeStudio.sln")))
        {
            return directory.FullName;
        }
    }
    throw new DirectoryNotFoundException("Run the bench from inside the repository.");
}
