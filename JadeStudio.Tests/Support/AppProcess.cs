using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JadeStudio.Tests.Support;

/// <summary>
/// The built JadeStudio.Web executable running as a child process on a free loopback port, in
/// Development (package static assets are served from the build output only there), with its
/// own data folder. This is the app exactly as the README's run command starts it.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _data;
    private readonly StringBuilder _log = new();

    private AppProcess(Process process, TempDirectory data, Uri baseAddress)
    {
        _process = process;
        _data = data;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory => _data.Path;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var data = new TempDirectory();
        var port = FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var executable = RepositoryPaths.WebExecutable;
        var start = new ProcessStartInfo(executable, ["--urls", baseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["JadeStudio__DataDirectory"] = data.Path;
        // The same demo data the tests read, wherever the shared folder was found (a CI clone has none above it).
        start.Environment["JadeStudio__DemoData__Directory"] = RepositoryPaths.SharedData;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("JadeStudio.Web did not start.");
        var app = new AppProcess(process, data, baseAddress);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilHealthyAsync();
        return app;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"JadeStudio.Web exited with {_process.ExitCode}:\n{Log}");
            }
            try
            {
                if ((await client.GetAsync("healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"JadeStudio.Web did not become healthy in 60 s:\n{Log}");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _data.Dispose();
    }
}
