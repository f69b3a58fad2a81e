using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using JadeStudio.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace JadeStudio.Tests.Browser;

/// <summary>
/// docs/deployment.md as written: an empty PostgreSQL database migrated by the operator's command, two nodes that do not
/// migrate at start and trust the proxy's forwarded headers, and Debian's nginx with the page's configuration file
/// (only the nodes' and the proxy's ports changed to free ones).
/// </summary>
public sealed partial class DeploymentFixture : BrowserFixture
{
    private PostgresServer _database = default!;
    private Process _nginx = default!;
    private TempDirectory _proxyFiles = default!;

    public AppProcess NodeB { get; private set; } = default!;

    /// <summary>The site's address: nginx in front of both nodes.</summary>
    public Uri Proxy { get; private set; } = default!;

    protected override async Task<AppProcess> StartAppAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["JadeStudio__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__JadeStudio"] = _database.ConnectionString,
            ["JadeStudio__Database__MigrateAtStart"] = "false",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        };
        using (var operatorFolder = new TempDirectory())
        {
            var (exit, _, error) = await OperatorCommand.RunAsync(operatorFolder.Path, settings, "migrate");
            Assert.True(exit == 0, error);
        }
        var nodeA = await AppProcess.StartAsync(new Dictionary<string, string>(settings) { ["JadeStudio__DemoData__Enabled"] = "false" });
        NodeB = await AppProcess.StartAsync(new Dictionary<string, string>(settings) { ["JadeStudio__DemoData__Enabled"] = "false" });
        Proxy = await StartNginxAsync(nodeA.BaseAddress, NodeB.BaseAddress);
        return nodeA;
    }

    /// <summary>The documentation's nginx block, as <c>conf.d/jadestudio.conf</c> inside a minimal nginx.conf of the test's own.</summary>
    private async Task<Uri> StartNginxAsync(Uri nodeA, Uri nodeB)
    {
        var page = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "deployment.md"));
        var example = NginxBlock().Match(page) is { Success: true } found ? found.Groups[1].Value
            : throw new InvalidOperationException("docs/deployment.md has no ```nginx block.");
        var port = FreeLoopbackPort();
        var site = example
            .Replace("127.0.0.1:5001", nodeA.Authority, StringComparison.Ordinal)
            .Replace("127.0.0.1:5002", nodeB.Authority, StringComparison.Ordinal)
            .Replace("listen 8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        Assert.NotEqual(example, site);
        _proxyFiles = new TempDirectory();
        var folder = _proxyFiles.Path;
        // nginx's workers run as an unprivileged user when started as root: they need to write their temporary files.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "jadestudio.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            pid {{folder}}/nginx.pid;
            error_log stderr notice;
            events {}
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/jadestudio.conf;
            }
            """);
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx", ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        // nginx says so once it listens and its workers run.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        _nginx.ErrorDataReceived += (_, line) =>
        {
            lock (log)
            {
                log.AppendLine(line.Data);
            }
            if (line.Data?.Contains("start worker process", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        _nginx.BeginErrorReadLine();
        await Task.WhenAny(started.Task, _nginx.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(started.Task.IsCompleted, "nginx did not start: " + log);
        return new Uri($"http://127.0.0.1:{port}/");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("```nginx\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxBlock();

    public override async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        await NodeB.DisposeAsync();
        await base.DisposeAsync();
        await _database.DisposeAsync();
        _proxyFiles?.Dispose();
    }
}

[Collection(BrowserCollection.Name)]
[Trait("Store", "PostgreSql")]
public sealed class DeploymentExampleTests(DeploymentFixture site) : IClassFixture<DeploymentFixture>
{
    [Fact]
    public async Task Through_the_documented_nginx_a_reviewer_signs_in_judges_live_and_both_nodes_serve_the_judgment()
    {
        using var http = new HttpClient();
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri(site.Proxy, "/readyz")));
        const string artifact = "/artifact/enwiki/diff/5500119";

        // Sign-in, the page's circuit (a WebSocket through the proxy) and a judgment, all through nginx.
        var page = await site.SignedInAsync("reviewer", artifact, address: site.Proxy);
        var form = page.GetByTestId("facet-editquality").GetByTestId("propose-form");
        await form.GetByTestId("answer-damaging").GetByText("Not damaging").ClickAsync();
        await form.GetByTestId("answer-goodfaith").GetByText("Good faith", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("propose-notes").FillAsync("Fine through the proxy.");
        await form.GetByTestId("propose-submit").ClickAsync();
        await Expect(form.GetByTestId("propose-message")).ToContainTextAsync("Your judgment was saved.");
        // Another reader's open page, through the proxy too, follows without a reload.
        var reader = await site.NewPageAsync(address: site.Proxy);
        var framesBySocket = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        reader.WebSocket += (_, socket) => socket.FrameReceived += (_, _) => framesBySocket.AddOrUpdate(socket.Url, 1, (_, n) => n + 1);
        await reader.GotoAsync(artifact);
        await BrowserFixture.WaitForCircuitAsync(reader);
        await Expect(reader.GetByTestId("proposal").First).ToContainTextAsync("Fine through the proxy.");
        // The circuit is a WebSocket through nginx (not a fallback transport): the upgrade headers pass.
        Assert.Contains(framesBySocket.Keys, url => url.StartsWith($"ws://{site.Proxy.Authority}/_blazor", StringComparison.Ordinal));

        // Both nodes serve it: one database.
        foreach (var node in new[] { site.App.BaseAddress, site.NodeB.BaseAddress })
        {
            Assert.Contains("Fine through the proxy.", await http.GetStringAsync(new Uri(node, "/api/v1/artifacts/enwiki/diff/5500119")), StringComparison.Ordinal);
        }
        // An address too long is the app's problem document, not nginx's page.
        var tooLong = await http.GetAsync(new Uri(site.Proxy, "/api/v1/events?x=" + new string('a', 20_000)));
        Assert.Equal(System.Net.HttpStatusCode.RequestUriTooLong, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
        await page.Context.CloseAsync();
        await reader.Context.CloseAsync();
    }
}
