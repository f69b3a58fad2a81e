using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace JadeStudio.Bench;

/// <summary>The built JadeStudio.Web executable (Release) running as its own process on a loopback port, over a data folder the bench seeded.</summary>
public sealed class BenchApp : IAsyncDisposable
{
    private readonly Process _process;

    private BenchApp(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static string Executable(string repository)
    {
        var path = Path.Combine(repository, "JadeStudio.Web", "bin", "Release", "net9.0", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "JadeStudio.Web");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the app first: dotnet build -c Release JadeStudio.Web", path);
    }

    public static async Task<BenchApp> StartAsync(string repository, string dataDirectory)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var executable = Executable(repository);
        var start = new ProcessStartInfo(executable, ["--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Development serves the Blazor assets from the build output; demo data off so the bench's own data is all there is.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["JadeStudio__DataDirectory"] = dataDirectory;
        start.Environment["JadeStudio__DemoData__Enabled"] = "false";
        start.Environment["JadeStudio__Api__WritesPerWindow"] = "100000000";
        start.Environment["JadeStudio__MaxUploadBytes"] = (4L * 1024 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("JadeStudio.Web did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(address, "healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return new BenchApp(process, address);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("JadeStudio.Web did not become healthy in 60 s.");
    }

    private static int FreePort()
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
    }
}
