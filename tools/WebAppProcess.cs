using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JadeStudio.Hosting;

/// <summary>
/// The built JadeStudio.Web executable running as a child process on a free loopback port, in Development
/// (package static assets are served from the build output only there), started as the README's run
/// command starts it. Shared as linked source by the browser tests and the benchmarks, which both need the
/// real app in its own process.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _awaited = [];

    private WebAppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the app wrote to its console so far.</summary>
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

    /// <summary>Starts the executable with these settings and returns once it listens and /healthz answers (at most 60 s).</summary>
    public static async Task<WebAppProcess> StartAsync(string executable, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}/");
        var start = new ProcessStartInfo(executable, ["--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        // The host says when it listens ("Application started."): the start waits for that line, not for a poll to succeed.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("JadeStudio.Web did not start.");
        var app = new WebAppProcess(process, address);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilHealthyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
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
            foreach (var (match, seen) in _awaited.Where(w => w.Match(line)).ToList())
            {
                seen.TrySetResult();
                _awaited.Remove((match, seen));
            }
        }
    }

    /// <summary>Completes once the app writes a line that matches (a line written already counts).</summary>
    public Task LineAsync(Func<string, bool> match)
    {
        lock (_log)
        {
            if (_log.ToString().Split('\n').Any(line => match(line.TrimEnd('\r'))))
            {
                return Task.CompletedTask;
            }
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((match, seen));
            return seen.Task;
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var started = LineAsync(line => line.Contains("Application started.", StringComparison.Ordinal));
        try
        {
            await Task.WhenAny(started, _process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"JadeStudio.Web did not start listening in 60 s:\n{Log}");
        }
        if (!started.IsCompleted)
        {
            throw new InvalidOperationException($"JadeStudio.Web exited with {_process.ExitCode}:\n{Log}");
        }
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        using var health = await client.GetAsync("healthz");
        if (health.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"JadeStudio.Web listens but /healthz answered {(int)health.StatusCode}:\n{Log}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Stops the app as a service manager does (SIGTERM) and waits at most <paramref name="timeout"/> for the process to end;
    /// its exit code, or null when it is still running.
    /// </summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await signal.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
