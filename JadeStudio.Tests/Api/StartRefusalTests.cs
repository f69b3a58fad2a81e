using System.Security.Cryptography;
using JadeStudio.Tests.Support;
using Microsoft.Data.Sqlite;

namespace JadeStudio.Tests.Api;

/// <summary>
/// The app started, as an operator starts it, over a SQLite file it cannot serve or with settings it cannot use: it
/// says what is wrong and what to do, ends with an error rather than a crash, and leaves a damaged file as it found it
/// (the README's promise; <c>MigrationTests</c> holds the store's part).
/// </summary>
[Trait("Store", "Sqlite")]
public sealed class StartRefusalTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string DatabasePath => Path.Combine(_data.Path, "jadestudio.db");

    [Theory]
    [InlineData("")]
    [InlineData("migrate")]
    public async Task A_file_that_is_no_database_is_refused_with_what_to_do(string command)
    {
        await File.WriteAllBytesAsync(DatabasePath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());

        await AssertRefusedUntouchedAsync(command);
    }

    [Theory]
    [InlineData("")]
    [InlineData("migrate")]
    public async Task A_file_damaged_inside_is_refused_before_anything_writes_to_it(string command)
    {
        // Readable (its header and schema intact) with a table page overwritten: only the check of every page finds it.
        // One table analysed, one not: SQLite's optimize, which the writer's connection runs as it opens, analyses the
        // second (a write).
        await using (var file = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await file.OpenAsync();
            await using var sql = file.CreateCommand();
            sql.CommandText = """
                CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO notes SELECT i, printf('note %d of many', i) FROM n;
                CREATE INDEX notes_text ON notes (text);
                ANALYZE;
                CREATE TABLE later (id INTEGER PRIMARY KEY, text TEXT);
                INSERT INTO later SELECT id, text FROM notes;
                CREATE INDEX later_text ON later (text);
                """;
            await sql.ExecuteNonQueryAsync();
        }
        await using (var bytes = File.OpenWrite(DatabasePath))
        {
            bytes.Position = 4096 * 5;
            bytes.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        await AssertRefusedUntouchedAsync(command);
    }

    [Theory]
    [InlineData("")]
    [InlineData("migrate")]
    public async Task A_path_that_cannot_be_opened_is_refused_with_what_to_do(string command)
    {
        Directory.CreateDirectory(DatabasePath);

        var error = await RefusedAsync(command);

        Assert.Contains($"The database file {DatabasePath} could not be opened or written", error, StringComparison.Ordinal);
        Assert.Contains("Check that it is a file", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("migrate")]
    public async Task A_data_folder_that_cannot_be_made_is_refused_with_what_to_do(string command)
    {
        var file = Path.Combine(_data.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "in the way");

        var error = await RefusedAsync(command, file);

        Assert.Contains($"The database's folder {file} cannot be created", error, StringComparison.Ordinal);
        Assert.Contains("choose another JadeStudio:DataDirectory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_database_provider_is_named_with_its_setting()
    {
        var error = await RefusedAsync("", settings: new Dictionary<string, string> { ["JadeStudio__Database__Provider"] = "Oracle" });

        Assert.Contains("'Oracle' at 'JadeStudio:Database:Provider'", error, StringComparison.Ordinal);
    }

    [Theory]
    // A number that is none: the binder's own failure, once a crash with a stack trace.
    [InlineData("JadeStudio__Api__WritesPerWindow", "abc", "'abc' at 'JadeStudio:Api:WritesPerWindow'")]
    [InlineData("JadeStudio__WikiContent__CacheHours", "soon", "'soon' at 'JadeStudio:WikiContent:CacheHours'")]
    // A number the app cannot run with, once taken without a word (every body too large, every write limited).
    [InlineData("JadeStudio__Api__MaxBodyBytes", "0", "The setting JadeStudio:Api:MaxBodyBytes is 0; give a value from 1024 to 1073741824.")]
    [InlineData("JadeStudio__Api__WritesPerWindow", "-1", "The setting JadeStudio:Api:WritesPerWindow is -1; give a value from 1 to")]
    [InlineData("JadeStudio__Jobs__CheckinSeconds", "-5", "The setting JadeStudio:Jobs:CheckinSeconds is -5; give a value from 0.5 to 300.")]
    [InlineData("JadeStudio__Dumps__Query__Threads", "0", "The setting JadeStudio:Dumps:Query:Threads is 0; give a value from 1 to 256.")]
    [InlineData("JadeStudio__Feed__Retention", "00:00:00", "The setting JadeStudio:Feed:Retention is 00:00:00; give a value from 00:01:00 to")]
    // A schedule Quartz cannot read (the scheduler stopped the host seconds later, with exit code 0), a score service that is none.
    [InlineData("JadeStudio__Dumps__Schedule", "not-a-cron", "The setting JadeStudio:Dumps:Schedule is not-a-cron; give a Quartz cron expression")]
    [InlineData("JadeStudio__Jobs__SweepSchedule", "61 * * * * ?", "The setting JadeStudio:Jobs:SweepSchedule is 61 * * * * ?; give a Quartz cron expression")]
    [InlineData("JadeStudio__Scores__Source", "orse", "The setting JadeStudio:Scores:Source is orse; give liftwing, ores, or nothing")]
    // A name the app does not know, once a crash at start (groups) or at the first sign-in that met it (the wiki's rights).
    [InlineData("JadeStudio__Permissions__Groups__user__0", "notaright", "The setting JadeStudio:Permissions:Groups:user grants the unknown right 'notaright'.")]
    [InlineData("JadeStudio__OAuth__RightsMap__block__0", "blok", "The setting JadeStudio:OAuth:RightsMap:block maps to the unknown right 'blok'.")]
    public async Task A_setting_the_app_cannot_run_with_is_named_with_what_it_takes(string name, string value, string said)
    {
        var error = await RefusedAsync("", settings: new Dictionary<string, string> { [name] = value });

        Assert.Contains(said, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_says_which_setting_to_give()
    {
        var error = await RefusedAsync("", settings: new Dictionary<string, string> { ["JadeStudio__Database__Provider"] = "PostgreSql" });

        Assert.Contains("ConnectionStrings:JadeStudio is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_another_process_listens_on_is_named_with_what_to_do()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";

        var error = await RefusedAsync("", settings: new Dictionary<string, string> { ["ASPNETCORE_URLS"] = address });

        Assert.Contains($"Failed to bind to address {address}: address already in use.", error, StringComparison.Ordinal);
        Assert.Contains("give this node another address", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts the app (a node, or the operator's <paramref name="command"/>) on <paramref name="dataDirectory"/> (else the
    /// test's folder); asserts it ended with an error and no crash, and returns what it said.
    /// </summary>
    private async Task<string> RefusedAsync(string command, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (exit, output, error) = await OperatorCommand.RunAsync(dataDirectory ?? _data.Path, settings, command is "" ? [] : [command]);

        Assert.True(exit == 1, $"Exit {exit}, expected 1 (a refusal, not a crash):\n{error}\n{output}");
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        return error;
    }

    private async Task AssertRefusedUntouchedAsync(string command)
    {
        var before = SHA256.HashData(await File.ReadAllBytesAsync(DatabasePath));

        var error = await RefusedAsync(command);

        Assert.Contains($"The database file {DatabasePath} is damaged", error, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", error, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(DatabasePath)));
        Assert.False(File.Exists(DatabasePath + "-wal") && new FileInfo(DatabasePath + "-wal").Length > 0, "Something was written to the file's log.");
    }
}
