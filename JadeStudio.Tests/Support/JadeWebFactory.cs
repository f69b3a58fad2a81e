using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Support;

/// <summary>
/// The real app in-process, with its own data folder and a database of its own of the current test store (or of
/// <paramref name="store"/>), unless <paramref name="settings"/> name one, in the given environment.
/// </summary>
public partial class JadeWebFactory(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
    JadeStudio.Core.Storage.DatabaseProvider? store = null)
    : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();
    private readonly PostgresServer? _server = settings?.ContainsKey("ConnectionStrings:JadeStudio") == true ? null : TestStore.CreateServerDatabase(provider: store);

    public string DataDirectory => _data.Path;

    /// <summary>The app's SQLite file (when its store is SQLite).</summary>
    public string DatabasePath => Path.Combine(_data.Path, "jadestudio.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("JadeStudio:DataDirectory", _data.Path);
        // Most tests want an empty site; the demo import has tests of its own.
        builder.UseSetting("JadeStudio:DemoData:Enabled", "false");
        // No test reaches a real wiki: content is read only where a test points a wiki at a fake.
        builder.UseSetting("JadeStudio:WikiContent:Enabled", "false");
        // Tests that turn the wiki client on give it a scripted source of content, not of blocks: blocks are read only
        // where a test asks for them (against a fake wiki).
        builder.UseSetting("JadeStudio:WikiBlocks:Enabled", "false");
        // Jobs start as soon as the schema is current, not a few seconds later as on a restarted node.
        builder.UseSetting("JadeStudio:Jobs:StartDelaySeconds", "0");
        foreach (var (key, value) in TestStore.AppSettings(_server))
        {
            builder.UseSetting(key, value);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    public static async Task<IHtmlDocument> GetPageAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs in through the development sign-in form, as a browser would (antiforgery included).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string account, string returnUrl = "/")
    {
        var page = await GetPageAsync(client, "/signin");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The sign-in page has no antiforgery token.");
        return await client.PostAsync("/auth/development-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["account"] = account,
            ["returnUrl"] = returnUrl,
        }));
    }

    /// <summary>Visible text of a rendered page, without Blazor's markers.</summary>
    public static string TextOf(IHtmlDocument page) => Whitespace().Replace(page.Body?.TextContent ?? "", " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _data.Dispose();
            _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
