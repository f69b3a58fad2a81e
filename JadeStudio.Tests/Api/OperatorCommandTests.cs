using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>The operator commands, run as an operator runs them: the app's executable with arguments, no server.</summary>
public sealed class OperatorCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments) => RunInAsync(_data.Path, null, true, arguments);

    /// <summary>The executable with <paramref name="arguments"/> on the data folder, and on <paramref name="database"/> where given (a node's).</summary>
    private static Task<(int Exit, string Output, string Error)> RunInAsync(string dataDirectory, IReadOnlyDictionary<string, string>? database, bool migrateAtStart,
        params string[] arguments) =>
        OperatorCommand.RunAsync(dataDirectory, new Dictionary<string, string>(database ?? new Dictionary<string, string>())
        {
            ["JadeStudio__Database__MigrateAtStart"] = migrateAtStart ? "true" : "false",
        }, arguments);

    [Fact]
    public async Task A_node_that_does_not_migrate_at_start_is_alive_but_not_ready_until_the_operator_runs_migrate()
    {
        await using var node = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["JadeStudio__Database__MigrateAtStart"] = "false",
            ["JadeStudio__DemoData__Enabled"] = "false",
        }, migratedDatabase: false);
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var notReady = await http.GetAsync("/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Unhealthy", await notReady.Content.ReadAsStringAsync());
        // Nothing else is served half-working meanwhile: 503 with Retry-After, problem+json under /api.
        var api = await http.GetAsync("/api/v1/wikis");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("notready", (await ApiHarness.JsonAsync(api)).GetProperty("code").GetString());
        Assert.NotNull(api.Headers.RetryAfter);
        using var german = new HttpRequestMessage(HttpMethod.Get, "/");
        german.Headers.AcceptLanguage.ParseAdd("de");
        var page = await http.SendAsync(german);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Die Datenbank wird gerade aktualisiert", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (refusedExit, _, refused) = await RunInAsync(node.DataDirectory, node.SharedDatabaseSettings, false, "wiki", "purge", "--wiki", "enwiki");
        Assert.Equal(1, refusedExit);
        Assert.Contains("run the migrate command first", refused, StringComparison.Ordinal);

        var (exit, _, error) = await RunInAsync(node.DataDirectory, node.SharedDatabaseSettings, false, "migrate");
        Assert.Equal(0, exit);
        Assert.Matches("Applied [0-9]+ migrations: ", error);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        // The first request after the migration is served.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/wikis")).StatusCode);

        var (again, _, nothing) = await RunInAsync(node.DataDirectory, node.SharedDatabaseSettings, false, "migrate");
        Assert.Equal(0, again);
        Assert.Contains("nothing to migrate", nothing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_describes_token_create_and_its_options()
    {
        var (exit, output, _) = await RunAsync("token", "create", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--user", output);
        Assert.Contains("--rights", output);
        Assert.Contains("Mint an API token", output);
    }

    [Theory]
    [InlineData("tokn", "create")]
    [InlineData("create-token", "--user", "Alice")]
    [InlineData("serve")]
    public async Task A_mistyped_command_is_named_and_refused_instead_of_starting_a_server(params string[] arguments)
    {
        var (exit, output, error) = await RunAsync(arguments);

        Assert.Equal(2, exit);
        Assert.Contains($"Unknown command '{arguments[0]}'", error);
        Assert.Contains("token, wiki, migrate, db", error);
        Assert.Equal("", output);
        Assert.False(File.Exists(Path.Combine(_data.Path, "jadestudio.db")), "Nothing was opened or created.");
    }

    [Fact]
    public async Task A_missing_option_is_named_and_nothing_is_created()
    {
        var (exit, output, error) = await RunAsync("token", "create", "--rights", "judge");

        Assert.NotEqual(0, exit);
        Assert.Contains("--user", output + error);
        Assert.DoesNotContain("jade_", output);
    }

    [Fact]
    public async Task A_user_who_never_signed_in_gets_no_token_and_the_reason()
    {
        var (exit, output, error) = await RunAsync("token", "create", "--user", "Nobody Here", "--rights", "judge");

        Assert.Equal(1, exit);
        Assert.Contains("user not found", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Wiki_purge_forgets_a_wikis_cached_content_and_refuses_an_unknown_wiki()
    {
        var (exit, _, error) = await RunAsync("wiki", "purge", "--wiki", "enwiki", "--rev", "12345");
        Assert.Equal(0, exit);
        Assert.Contains("0 cached entries of enwiki removed.", error, StringComparison.Ordinal);

        var (unknown, _, unknownError) = await RunAsync("wiki", "purge", "--wiki", "nosuchwiki");
        Assert.Equal(2, unknown);
        Assert.Contains("Unknown wiki 'nosuchwiki'.", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_copy_says_it_copies_into_PostgreSQL_when_the_app_is_configured_for_SQLite()
    {
        var (exit, _, error) = await RunAsync("db", "copy", "--from", Path.Combine(_data.Path, "jadestudio.db"));

        Assert.Equal(2, exit);
        Assert.Contains("db copy copies into PostgreSQL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_says_plainly_when_the_PostgreSQL_server_cannot_be_reached()
    {
        var (exit, _, error) = await OperatorCommand.RunAsync(_data.Path, new Dictionary<string, string>
        {
            ["JadeStudio__Database__Provider"] = "PostgreSql",
            // Nothing listens on port 1: the connection is refused at once.
            ["ConnectionStrings__JadeStudio"] = "Host=127.0.0.1;Port=1;Database=jadestudio;Username=jadestudio;Timeout=5",
        }, "migrate");

        Assert.Equal(1, exit);
        Assert.Contains("The PostgreSQL database jadestudio on 127.0.0.1:1 could not be reached", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
