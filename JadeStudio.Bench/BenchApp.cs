using JadeStudio.Hosting;

namespace JadeStudio.Bench;

/// <summary>The JadeStudio.Web executable published as a release is deployed (Release, ReadyToRun) running as its own process (<see cref="WebAppProcess"/>), over a data folder the bench seeded.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private readonly WebAppProcess _process;

    private BenchApp(WebAppProcess process) => _process = process;

    public Uri Address => _process.Address;

    public int ProcessId => _process.ProcessId;

    /// <summary>Where scripts/bench.sh publishes the app.</summary>
    public static string PublishedFolder(string repository) => Path.Combine(repository, "JadeStudio.Web", "bin", "Release", "published");

    public static string Executable(string repository)
    {
        var path = Path.Combine(PublishedFolder(repository), "JadeStudio.Web");
        return File.Exists(path) ? path : throw new FileNotFoundException("Publish the app first, as scripts/bench.sh does (dotnet publish JadeStudio.Web -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o JadeStudio.Web/bin/Release/published)", path);
    }

    /// <param name="settings">Settings over the bench's own (e.g. content from a fake wiki).</param>
    public static async Task<BenchApp> StartAsync(string repository, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            // Demo data off so the bench's own data is all there is; limits raised so they measure nothing.
            ["JadeStudio__DataDirectory"] = dataDirectory,
            ["JadeStudio__DemoData__Enabled"] = "false",
            // The benchmark machine reaches no wiki: content is off unless a scenario points the wikis at a fake one.
            ["JadeStudio__WikiContent__Enabled"] = "false",
            ["JadeStudio__Api__WritesPerWindow"] = "100000000",
            ["JadeStudio__MaxUploadBytes"] = (4L * 1024 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
            // Run as deployed: the Production environment (the process helper the tests share starts apps in Development,
            // which validates every service at start and adds the developer exception page). The labeling scenario still
            // signs in through the development sign-in, turned on by name, and its cookies travel over plain HTTP on loopback.
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["JadeStudio__DevelopmentSignIn__Enabled"] = "true",
            ["JadeStudio__SecureCookies"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        return new(await WebAppProcess.StartAsync(Executable(repository), all));
    }

    /// <summary>Completes once the app writes a line that matches (a line written already counts): its own word that something ended.</summary>
    public Task LineAsync(Func<string, bool> match) => _process.LineAsync(match);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
