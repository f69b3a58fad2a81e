using JadeStudio.Hosting;

namespace JadeStudio.Tests.Support;

/// <summary>The real app in its own process (<see cref="WebAppProcess"/>) with a data folder of its own that is deleted afterwards.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly WebAppProcess _process;
    private readonly TempDirectory _data;

    private AppProcess(WebAppProcess process, TempDirectory data)
    {
        _process = process;
        _data = data;
    }

    public Uri BaseAddress => _process.Address;

    public string DataDirectory => _data.Path;

    public string Log => _process.Log;

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var data = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["JadeStudio__DataDirectory"] = data.Path,
            // The same demo data the tests read, wherever the shared folder was found (a CI clone has none above it).
            ["JadeStudio__DemoData__Directory"] = RepositoryPaths.SharedData,
            // No test reaches a real wiki.
            ["JadeStudio__WikiContent__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        try
        {
            return new AppProcess(await WebAppProcess.StartAsync(RepositoryPaths.WebExecutable, settings), data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _data.Dispose();
    }
}
