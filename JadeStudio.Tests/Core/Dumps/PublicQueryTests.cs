using JadeStudio.Core.Commands;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Queries;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Dumps;

/// <summary>The public query page's engine: DuckDB over the latest public dump, and the walls around it.</summary>
public sealed class PublicQueryTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _author = null!;
    private string _outside = null!;

    public async Task InitializeAsync()
    {
        _author = await _core.UserAsync("Query Author", "autoconfirmed");
        (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: "visible notes"))).OrThrow();
        await _core.Dumps.WriteAsync(DumpKind.Public);
        // A file beside the dumps: readable by the process, never by a query.
        _outside = Path.Combine(_core.DumpOptions.Directory!, "outside.csv");
        await File.WriteAllTextAsync(_outside, "secret,value\nsecret,never-readable-value\n");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<JadeError.QueryRefused> RefusedAsync(string sql) => Assert.IsType<JadeError.QueryRefused>((await _core.Query.RunAsync(sql)).Error);

    [Fact]
    public async Task A_select_joins_the_dump_tables_and_reads_them()
    {
        var result = (await _core.Query.RunAsync("""
            SELECT a.wiki, a.rev_id, p.notes, json_extract(p.label, '$.damaging')::BOOLEAN AS damaging, e.type
            FROM proposals p JOIN artifacts a ON a.id = p.artifact_id JOIN events e ON e.proposal_id = p.id
            ORDER BY e.seq
            """)).OrThrow();

        Assert.Equal(["wiki", "rev_id", "notes", "damaging", "type"], result.Columns);
        var row = result.Rows[0];
        Assert.Equal("enwiki", row[0]);
        Assert.Equal(CoreHarness.Diff.RevId, row[1]);
        Assert.Equal("visible notes", row[2]);
        Assert.Equal(true, row[3]);
        Assert.Equal("proposalCreated", row[4]);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData("COPY (SELECT * FROM proposals) TO '/tmp/jadestudio-stolen.csv'", QueryProblem.NotASelect)]
    [InlineData("COPY proposals TO 'proposals-copy.csv'", QueryProblem.NotASelect)]
    [InlineData("INSTALL httpfs", QueryProblem.NotASelect)]
    [InlineData("LOAD httpfs", QueryProblem.NotASelect)]
    [InlineData("ATTACH ':memory:' AS other", QueryProblem.NotASelect)]
    [InlineData("ATTACH '/tmp/other.duckdb'", QueryProblem.NotASelect)]
    [InlineData("SET enable_external_access = true", QueryProblem.NotASelect)]
    [InlineData("PRAGMA memory_limit = '10GB'", QueryProblem.NotASelect)]
    [InlineData("CREATE TABLE t AS SELECT 1", QueryProblem.NotASelect)]
    [InlineData("SELECT 1; SELECT 2", QueryProblem.MultipleStatements)]
    [InlineData("SELEKT 1", QueryProblem.Failed)]
    [InlineData("   ", QueryProblem.Empty)]
    public async Task Statements_other_than_one_select_are_refused_by_name(string sql, QueryProblem problem)
    {
        var refused = await RefusedAsync(sql);

        Assert.Equal(problem, refused.Problem);
        Assert.False(File.Exists("/tmp/jadestudio-stolen.csv"));
    }

    [Fact]
    public async Task A_dump_whose_files_are_gone_is_no_dump_to_query_not_a_failure()
    {
        // As between a rewrite's two moves of the dump's directory, or after a newer dump pruned it.
        var dump = (await _core.DumpCatalog.LatestPublicAsync())!;
        Directory.Move(_core.DumpCatalog.DirectoryOf(dump), _core.DumpCatalog.DirectoryOf(dump) + ".old");

        Assert.Equal(QueryProblem.NoDump, (await RefusedAsync("SELECT count(*) FROM proposals")).Problem);
    }

    [Theory]
    [InlineData("SELECT 1\0; COPY (SELECT * FROM proposals) TO '/tmp/jadestudio-stolen.csv'")]
    [InlineData("SELECT '\0' AS nul")]
    [InlineData("COPY (SELECT * FROM proposals) TO '/tmp/jadestudio-stolen.csv'\0 SELECT 1")]
    public async Task A_query_holding_the_NUL_character_is_refused_before_DuckDB_sees_it(string sql)
    {
        // DuckDB's client takes SQL as a C string, cut at the first NUL: what it ran would not be what was checked.
        Assert.IsType<JadeError.NulCharacter>((await _core.Query.RunAsync(sql)).Error);
        Assert.False(File.Exists("/tmp/jadestudio-stolen.csv"));
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')")]
    [InlineData("SELECT * FROM read_csv('{outside}')")]
    [InlineData("SELECT * FROM read_parquet('https://example.org/data.parquet')")]
    [InlineData("SELECT * FROM read_csv('{dump}/../outside.csv')")]
    public async Task A_select_cannot_read_any_file_but_the_dump_nor_the_network(string template)
    {
        var dumpDirectory = _core.DumpCatalog.DirectoryOf((await _core.DumpCatalog.LatestPublicAsync())!);
        var refused = await RefusedAsync(template.Replace("{outside}", _outside).Replace("{dump}", dumpDirectory));

        Assert.Equal(QueryProblem.Failed, refused.Problem);
        Assert.Matches("(Permission Error|disabled|not allowed|Cannot access)", refused.Detail);
        Assert.DoesNotContain("never-readable-value", refused.Detail);
    }

    [Fact]
    public async Task A_query_past_the_time_limit_is_stopped_with_a_readable_reason()
    {
        _core.DumpOptions.Query.TimeoutSeconds = 0.5;

        var refused = await RefusedAsync("SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = -1");

        Assert.Equal(QueryProblem.TimedOut, refused.Problem);
        // The engine is free again at once.
        Assert.Equal(1L, (await _core.Query.RunAsync("SELECT 1")).OrThrow().Rows.Count);
    }

    [Fact]
    public async Task Rows_beyond_the_limit_are_cut_off_and_said_to_be()
    {
        _core.DumpOptions.Query.MaxRows = 10;

        var result = (await _core.Query.RunAsync("SELECT range FROM range(100)")).OrThrow();

        Assert.Equal(10, result.Rows.Count);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task A_query_over_the_memory_limit_fails_with_DuckDBs_reason()
    {
        _core.DumpOptions.Query.MemoryMegabytes = 64;

        var refused = await RefusedAsync("SELECT list(range) FROM range(100000000)");

        Assert.Equal(QueryProblem.Failed, refused.Problem);
        Assert.Contains("Out of Memory", refused.Detail);
    }

    [Fact]
    public async Task Without_a_public_dump_nothing_runs()
    {
        await using var empty = new CoreHarness();

        Assert.Equal(QueryProblem.NoDump, Assert.IsType<JadeError.QueryRefused>((await empty.Query.RunAsync("SELECT 1")).Error).Problem);
    }

    [Fact]
    public async Task The_examples_run_on_a_dump()
    {
        foreach (var example in ExampleQueries.All)
        {
            var result = await _core.Query.RunAsync(example.Sql);
            Assert.True(result.IsSuccess, $"{example.Id}: {(result.Error as JadeError.QueryRefused)?.Detail}");
        }
    }

    [Fact]
    public async Task Saved_queries_keep_author_and_dump_and_only_their_author_or_a_sysop_deletes_them()
    {
        var dump = (await _core.DumpCatalog.LatestPublicAsync())!;
        var other = await _core.UserAsync("Someone Else");
        var sysop = await _core.UserAsync("Query Sysop", "sysop");

        var id = (await _core.SavedQueries.SaveAsync(_author, "  Damaging judgments  ", "SELECT count(*) FROM proposals", dump.Id)).OrThrow().Query.Id;
        var saved = (await _core.SavedQueries.FindAsync(id, await _core.ViewerAsync(ActorRef.Anonymous)))!;

        Assert.Equal("Damaging judgments", saved.Query.Title);
        Assert.Equal("Query Author", saved.Author.Name);
        Assert.Equal(dump.Id, saved.Query.DumpId);
        Assert.IsType<JadeError.PermissionDenied>((await _core.SavedQueries.SaveAsync(ActorRef.Anonymous, "t", "SELECT 1", dump.Id)).Error);
        Assert.IsType<JadeError.EmptyText>((await _core.SavedQueries.SaveAsync(_author, " ", "SELECT 1", dump.Id)).Error);
        Assert.IsType<JadeError.TextTooLong>((await _core.SavedQueries.SaveAsync(_author, new string('t', SavedQuery.MaxTitleLength + 1), "SELECT 1", dump.Id)).Error);
        Assert.IsType<JadeError.PermissionDenied>((await _core.SavedQueries.DeleteAsync(other, id)).Error);
        Assert.True((await _core.SavedQueries.DeleteAsync(sysop, id)).IsSuccess);
        Assert.Null(await _core.SavedQueries.FindAsync(id, await _core.ViewerAsync(ActorRef.Anonymous)));
    }

    [Fact]
    public async Task Downloads_escape_spreadsheet_formulas_and_keep_types_in_json()
    {
        var result = (await _core.Query.RunAsync("SELECT '=HYPERLINK(\"x\")' AS text, 3 AS number, NULL AS nothing")).OrThrow();

        var csv = new StringWriter();
        await QueryDownloads.WriteCsvAsync(result, csv);
        using var json = new MemoryStream();
        await QueryDownloads.WriteJsonAsync(result, json);

        Assert.StartsWith("text,number,nothing", csv.ToString());
        Assert.DoesNotContain(",=HYPERLINK", "," + csv.ToString().Split('\n')[1]);
        Assert.Equal("""[{"text":"=HYPERLINK(\u0022x\u0022)","number":3,"nothing":null}]""", System.Text.Encoding.UTF8.GetString(json.ToArray()));
    }
}
