using System.Net;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Api;

public sealed class AppShellTests : IClassFixture<AppShellTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development");

    private readonly Factory _app;

    public AppShellTests(Factory app) => _app = app;

    [Fact]
    public async Task Healthz_says_the_app_is_alive_and_readyz_that_its_database_is_reachable_and_current()
    {
        var alive = await _app.CreateClient().GetAsync("/healthz");
        var ready = await _app.CreateClient().GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Calls_to_the_wikis_are_not_logged_line_by_line_and_an_unanswering_wiki_is_logged_by_the_app_once()
    {
        var logging = _app.Services.GetRequiredService<ILoggerFactory>();
        // Each call to a wiki would otherwise log four lines, and each failed one a stack trace per retry layer: a wiki
        // out of reach filled the log with 60 lines a call. What the app makes of a failure it logs itself.
        foreach (var category in new[] { "System.Net.Http.HttpClient.wikicontent.LogicalHandler", "System.Net.Http.HttpClient.wikicontent.ClientHandler", "Polly" })
        {
            Assert.False(logging.CreateLogger(category).IsEnabled(LogLevel.Information), category);
            Assert.True(logging.CreateLogger(category).IsEnabled(LogLevel.Warning), category);
        }
        Assert.True(logging.CreateLogger(typeof(JadeStudio.Core.WikiBlocks.WikiBlockRefresher).FullName!).IsEnabled(LogLevel.Information));
    }

    [Fact]
    [Trait("Store", "Sqlite")]
    public async Task The_database_file_is_created_in_the_data_directory_in_WAL_mode()
    {
        await _app.CreateClient().GetAsync("/healthz");
        var path = Path.Combine(_app.DataDirectory, "jadestudio.db");
        Assert.True(File.Exists(path));

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/wikis")]
    [InlineData("/api")]
    [InlineData("/api/v1/wikis")]
    [InlineData("/api/v1/campaigns")]
    [InlineData("/api/v1/artifacts/enwiki/revision/1")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/v1/no-such-resource")]
    [InlineData("/no-such-page")]
    public async Task A_HEAD_request_is_answered_as_the_GET_would_be(string path)
    {
        var get = await _app.CreateClient().GetAsync(path);
        var head = await _app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/wikis")]
    [InlineData("/api/v1/artifacts/enwiki/diff/4242")]
    [InlineData("/api/v1/events?limit=5")]
    [InlineData("/api/v1/no-such-resource")]
    [InlineData("/dumps/999999/files/events.jsonl.gz")]
    [InlineData("/healthz")]
    public async Task No_answer_may_be_kept_by_a_shared_cache_or_reused_without_asking_again(string path)
    {
        // A proxy or CDN in front of the app must not keep an answer: what it holds could be hidden since, or be
        // another reader's (a full dump downloaded with a session cookie). Browsers keep it only to ask again (ETag).
        var response = await _app.CreateClient().GetAsync(path);

        var cache = response.Headers.CacheControl;
        Assert.NotNull(cache);
        Assert.True(cache.Private || cache.NoStore, $"{path}: {cache}");
        Assert.True(cache.NoCache || cache.NoStore, $"{path}: {cache}");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/search")]
    [InlineData("/api/v1/wikis")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_a_content_security_policy_that_allows_no_inline_script(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var scriptSources = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.Equal("script-src 'self'", scriptSources);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'self'", policy);
        // Images: this site, its own data: icons and the wikis' upload host; never any https host.
        var imageSources = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("img-src ", StringComparison.Ordinal));
        Assert.Equal("img-src 'self' data: https://upload.wikimedia.org", imageSources);
        // Connections (the circuit's WebSocket, fetches): this site alone, no scheme that would allow any host.
        var connectSources = policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal));
        Assert.Equal("connect-src 'self'", connectSources);
    }

    [Fact]
    public async Task The_home_page_renders_in_English_by_default()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("Judge wiki edits, together", JadeWebFactory.TextOf(page));
        Assert.NotNull(page.QuerySelector("script[src^='_framework/blazor.web.'][src$='.js']"));
    }

    [Fact]
    public async Task Every_stylesheet_and_script_is_fingerprinted_loaded_once_and_cached_for_a_year()
    {
        // Development serves static files with no-cache so edits show at once; this setting keeps the
        // headers production sends.
        await using var app = new JadeWebFactory(settings: new Dictionary<string, string?> { ["EnableStaticAssetsDevelopmentCaching"] = "true" });
        var client = app.CreateClient();
        var page = await JadeWebFactory.GetPageAsync(client, "/");
        var assets = LinkedAssets(page);

        Assert.Equal(assets.Count, assets.Distinct().Count());
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("assets/css/jadestudio.", StringComparison.Ordinal));
        // No font is fetched from anywhere: the theme uses the system's fonts.
        Assert.Empty(page.QuerySelectorAll("link[href*='fonts']"));
        foreach (var asset in assets)
        {
            // A fingerprint in the name (name.<hash>.ext) lets the browser keep the file until it changes.
            Assert.Matches(@"\.[a-z0-9]{6,}\.(css|js)$", asset);
            var response = await client.GetAsync("/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cache = response.Headers.CacheControl!;
            Assert.False(cache.NoCache, asset);
            Assert.True(cache.MaxAge >= TimeSpan.FromDays(365), $"{asset}: {cache}");
            Assert.Contains("immutable", cache.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_stylesheet_and_script_is_sent_compressed_to_a_browser_that_accepts_gzip()
    {
        // MudBlazor's files are the largest (627 KB of CSS): linked by fingerprint, they were sent uncompressed. Development's
        // reloading of changed files is off here: it takes any file whose time on disk differs from the build's (sub-second
        // digits, a package's rounded times) for edited and sends it gzip-framed but unpacked; production never does.
        await using var app = new JadeWebFactory(settings: new Dictionary<string, string?> { ["ReloadStaticAssetsAtRuntime"] = "false" });
        var client = app.CreateClient();
        var assets = LinkedAssets(await JadeWebFactory.GetPageAsync(client, "/"));

        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var plain = await client.GetByteArrayAsync("/" + asset);
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + asset);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            var compressed = await response.Content.ReadAsByteArrayAsync();
            // Text this size packs to well under half.
            Assert.True(compressed.Length * 2 < plain.Length, $"{asset}: {compressed.Length} bytes compressed, {plain.Length} plain");
            await using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
            using var content = new MemoryStream();
            await unzip.CopyToAsync(content);
            Assert.Equal(plain, content.ToArray());
        }
    }

    /// <summary>The stylesheets and scripts a page links, in its order.</summary>
    private static List<string> LinkedAssets(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)).ToList();

    [Fact]
    public async Task Uselang_he_renders_the_shell_in_Hebrew_right_to_left()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/?uselang=he");

        Assert.Equal("he", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("שיפוט עריכות בוויקי, ביחד", JadeWebFactory.TextOf(page));
    }

    [Fact]
    public async Task Uselang_de_renders_the_shell_in_German()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/?uselang=de");

        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Contains("Wiki-Bearbeitungen gemeinsam beurteilen", JadeWebFactory.TextOf(page));
        Assert.Contains("Anmelden", JadeWebFactory.TextOf(page));
    }

    [Fact]
    public async Task The_browsers_accept_language_is_followed_without_uselang()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de-DE,de;q=0.9,en;q=0.5");

        var page = await JadeWebFactory.GetPageAsync(client, "/");

        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_a_readable_page()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/no/such/page", HttpStatusCode.NotFound);

        Assert.Contains("Page not found", JadeWebFactory.TextOf(page));
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_development_accounts_with_a_warning()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/signin");

        Assert.NotNull(page.QuerySelector("[data-testid=development-warning]"));
        foreach (var account in new[] { "reviewer", "researcher", "sysop", "oversighter" })
        {
            Assert.NotNull(page.QuerySelector($"[data-testid=signin-as-{account}]"));
        }
    }

    [Fact]
    public async Task Signing_in_shows_the_users_name_and_signing_out_forgets_it()
    {
        var client = _app.CreateBrowserLikeClient();

        var afterSignIn = await JadeWebFactory.SignInAsync(client, "researcher");
        var home = await JadeWebFactory.GetPageAsync(client, "/");
        Assert.Equal(HttpStatusCode.OK, afterSignIn.StatusCode);
        Assert.Equal("Dev Researcher", home.QuerySelector("[data-testid=signed-in-user]")?.TextContent);

        var token = home.QuerySelector("form[action='auth/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await client.PostAsync("/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        var signedOut = await JadeWebFactory.GetPageAsync(client, "/");
        Assert.Null(signedOut.QuerySelector("[data-testid=signed-in-user]"));
        Assert.NotNull(signedOut.QuerySelector("[data-testid=signin-link]"));
    }

    [Fact]
    public async Task Sign_in_without_an_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var client = _app.CreateBrowserLikeClient();

        var response = await client.PostAsync("/auth/development-signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["account"] = "sysop" }));
        var home = await JadeWebFactory.GetPageAsync(client, "/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(home.QuerySelector("[data-testid=signed-in-user]"));
    }

    [Fact]
    public async Task A_sign_in_form_without_an_account_is_a_bad_request_and_signs_nobody_in()
    {
        var client = _app.CreateBrowserLikeClient();
        var page = await JadeWebFactory.GetPageAsync(client, "/signin");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var response = await client.PostAsync("/auth/development-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["returnUrl"] = "/",
        }));
        var home = await JadeWebFactory.GetPageAsync(client, "/");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(home.QuerySelector("[data-testid=signed-in-user]"));
    }

    [Theory]
    // Beyond ASCII: Kestrel refused it in the Location header with a 500; it is sent percent-encoded, as a browser would.
    [InlineData("/wikis/Zürich?q=ü", "/wikis/Z%C3%BCrich?q=%C3%BC")]
    [InlineData("/wikis/\u2028x", "/wikis/%E2%80%A8x")]
    [InlineData("/wikis/%C3%BC?a=b&c#d", "/wikis/%C3%BC?a=b&c#d")]
    public async Task A_local_return_url_is_followed_with_what_lies_beyond_ASCII_percent_encoded(string returnUrl, string location)
    {
        var response = await SignInWithReturnUrlAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    // Control characters: not a local address to ASP.NET Core's redirect, which refused it with a 500.
    [InlineData("/wikis\r\nSet-Cookie: x=y")]
    [InlineData("/wikis\tx")]
    [InlineData("/wikis\u007fx")]
    public async Task A_return_url_to_another_site_or_not_an_address_is_not_followed(string returnUrl)
    {
        var response = await SignInWithReturnUrlAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    /// <summary>Signs in through the development form with this return address; the answer, its redirect not followed.</summary>
    private async Task<HttpResponseMessage> SignInWithReturnUrlAsync(string returnUrl)
    {
        var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await JadeWebFactory.GetPageAsync(client, "/signin");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync("/auth/development-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["account"] = "reviewer",
            ["returnUrl"] = returnUrl,
        }));
    }

    [Fact]
    public async Task A_signed_in_users_saved_language_is_used_on_every_page()
    {
        var client = _app.CreateBrowserLikeClient();
        await JadeWebFactory.SignInAsync(client, "oversighter");
        var users = (JadeStudio.Core.Users.UserDirectory)_app.Services.GetService(typeof(JadeStudio.Core.Users.UserDirectory))!;
        var contexts = (Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>)_app.Services
            .GetService(typeof(Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>))!;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var id = db.Users.Single(u => u.Subject == "oversighter").Id;
            await users.SetLanguageAsync(id, "he");
        }

        var page = await JadeWebFactory.GetPageAsync(client, "/");

        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task The_error_page_tells_the_user_nothing_was_changed()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/error");

        Assert.Contains("Nothing was changed", page.QuerySelector("[data-testid=error-page]")?.TextContent);
    }

    [Theory]
    [InlineData("/assets/css/jadestudio.css", "text/css")]
    [InlineData("/assets/js/jadestudio.js", "text/javascript")]
    [InlineData("/assets/icons/jadestudio.svg", "image/svg+xml")]
    // Browsers ask for it when a tab shows what is not a page of ours (the OpenAPI document, a JSON answer, a CSV).
    [InlineData("/favicon.ico", "image/x-icon")]
    public async Task The_apps_own_assets_are_served(string url, string contentType)
    {
        var response = await _app.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }
}
