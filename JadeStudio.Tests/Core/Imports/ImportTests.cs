using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Imports;

public sealed class ImportTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;

    public async Task InitializeAsync() => _researcher = await _core.UserAsync("Researcher", "researcher");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<Result<ImportReport>> UploadFileAsync(long campaign, string file, ImportMode mode = ImportMode.AllOrNothing)
    {
        await using var stream = File.OpenRead(Path.Combine(RepositoryPaths.SharedData, file));
        return await _core.Imports.ImportAsync(_researcher, campaign, stream, file, mode, 100_000_000);
    }

    private async Task<int> TasksAsync(long campaign)
    {
        await using var db = _core.Database.CreateDbContext();
        return await db.CampaignTasks.CountAsync(t => t.CampaignId == campaign);
    }

    private static int Lines(string file) => File.ReadLines(Path.Combine(RepositoryPaths.SharedData, file)).Count(l => l.Trim().Length > 0);

    [Theory]
    [InlineData("cswiki.revisions_for_review.5k_2016.json", "cswiki", "editquality")]
    [InlineData("wikidatawiki.balanced_revisions.20k_2015.json", "wikidatawiki", "editquality")]
    [InlineData("nlwiki.human_labels.manually_extracted.2021-09-23.json", "nlwiki", "contentquality")]
    public async Task Each_real_task_list_imports_every_line(string file, string wiki, string facet)
    {
        var campaign = await _core.CampaignAsync(_researcher, wiki, facet);

        var report = (await UploadFileAsync(campaign, file)).OrThrow();

        Assert.Equal(ImportFormat.JsonLines, report.Format);
        Assert.Equal(Lines(file), report.RowsRead);
        Assert.Equal(Lines(file), report.Imported);
        Assert.Empty(report.Errors);
        Assert.Equal(Lines(file), await TasksAsync(campaign));
    }

    /// <summary>
    /// A line longer than a task list's lines may be (two revisions' texts at MediaWiki's largest and the fields) is
    /// reported by its number without being read whole; the lines around it are taken when the rest is asked for.
    /// </summary>
    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported_by_number_and_the_rest_imported()
    {
        var campaign = await _core.CampaignAsync(_researcher, "enwiki", "editquality");
        var text = "{\"rev_id\": 501}\n{\"rev_id\": 502, \"before\": \"" + new string('x', ImportService.MaxLineBytes) + "\"}\n{\"rev_id\": 503}\n";
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

        var report = (await _core.Imports.ImportAsync(_researcher, campaign, stream, "long.jsonl", ImportMode.ValidLinesOnly, 100_000_000)).OrThrow();

        Assert.Equal([(2L, ImportProblem.LineTooLong, "16")], report.Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal((3L, 2L), (report.RowsRead, report.Imported));
        Assert.Equal(2, await TasksAsync(campaign));
    }

    [Fact]
    public async Task Fields_other_than_rev_id_are_kept_as_task_data()
    {
        var campaign = await _core.CampaignAsync(_researcher, "nlwiki", "contentquality");
        await UploadFileAsync(campaign, "nlwiki.human_labels.manually_extracted.2021-09-23.json");

        await using var db = _core.Database.CreateDbContext();
        var data = await db.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position).Select(t => t.Data).FirstAsync();
        Assert.Equal("""{"page_title":"Simandraolo","wp10":"E","notes":"Kladblok"}""", data);
    }

    [Fact]
    public async Task The_arwiki_file_yields_4977_line_errors_and_imports_nothing_by_default()
    {
        var campaign = await _core.CampaignAsync(_researcher, "arwiki");

        var result = await UploadFileAsync(campaign, "arwiki.revisions_for_review.5k_2016.json");

        var report = Assert.IsType<JadeError.ImportRejected>(result.Error).Report;
        // Every bad line counted; the first thousand listed with their numbers and reasons.
        Assert.Equal(4977, report.Rejected);
        Assert.All(report.Errors, e => Assert.Equal(ImportProblem.MalformedJson, e.Problem));
        Assert.Equal(Enumerable.Range(1, LineErrors.MaxListed).Select(i => (long)i), report.Errors.Select(e => e.Line));
        Assert.False(report.Committed);
        Assert.Equal(0, await TasksAsync(campaign));
    }

    /// <summary>
    /// A file of a thousand bad lines and more lists the first thousand and counts the rest; a refusal of the whole file
    /// (its size) is listed whatever came before, and refuses it even when only the valid lines were asked for.
    /// </summary>
    [Fact]
    public async Task A_file_of_many_bad_lines_lists_the_first_thousand_counts_all_and_still_names_its_size_limit()
    {
        var campaign = await _core.CampaignAsync(_researcher, "enwiki");
        var lines = string.Concat(Enumerable.Repeat("x\n", 3_000)) + "1001\n";
        await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(lines));

        var whole = await _core.Imports.ImportAsync(_researcher, campaign, stream, "ids.txt", ImportMode.ValidLinesOnly, lines.Length);
        stream.Position = 0;
        var cut = await _core.Imports.ImportAsync(_researcher, campaign, stream, "ids.txt", ImportMode.ValidLinesOnly, 2_500 * 2);

        var report = whole.OrThrow();
        Assert.Equal((3_000L, 1L), (report.Rejected, report.Imported));
        Assert.Equal(LineErrors.MaxListed, report.Errors.Count);
        Assert.Equal(1_000, report.Errors[^1].Line);
        var refused = Assert.IsType<JadeError.ImportRejected>(cut.Error).Report;
        Assert.Equal(2_501, refused.Rejected);
        Assert.Equal((2_501L, ImportProblem.TooLarge), (refused.Errors[^1].Line, refused.Errors[^1].Problem));
        Assert.Equal(LineErrors.MaxListed + 1, refused.Errors.Count);
    }

    [Fact]
    public async Task Valid_lines_only_imports_the_good_lines_and_reports_the_bad_by_number()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        const string content = "{\"rev_id\": 11}\n{\"rev_id\": \"12\"}\nnot json\n\n{\"rev_id\": 13, \"x\": 1}\n{\"rev\": 14}\n{\"rev_id\": 11}\n";

        var report = (await _core.UploadAsync(_researcher, campaign, content, "list.jsonl", ImportMode.ValidLinesOnly)).OrThrow();

        Assert.Equal(6, report.RowsRead);
        Assert.Equal(2, report.Imported);
        Assert.Equal(1, report.Duplicates);
        Assert.Equal([(2L, ImportProblem.BadRevId), (3L, ImportProblem.MalformedJson), (6L, ImportProblem.MissingRevId)], report.Errors.Select(e => (e.Line, e.Problem)));
        Assert.Equal(2, await TasksAsync(campaign));
    }

    [Fact]
    public async Task A_second_upload_numbers_only_its_new_tasks_in_file_order_whatever_repeats_and_wherever()
    {
        var other = await _core.CampaignAsync(_researcher);
        var campaign = await _core.CampaignAsync(_researcher);
        (await _core.UploadAsync(_researcher, other, Ids(Enumerable.Range(5000, 100)), "other.txt")).OrThrow();
        (await _core.UploadAsync(_researcher, campaign, Ids(Enumerable.Range(1, 600)), "first.txt")).OrThrow();
        // Long enough to span several of the store's batches; repeats sit in the same batch and in later ones, and some
        // lines name artifacts that exist already, in this campaign (duplicates) or only in the other (new tasks).
        int[] second =
        [
            .. Enumerable.Range(1300, 700), 1300, 1301, 3, 599, .. Enumerable.Range(5000, 20), 5005, 5019, 1999,
            .. Enumerable.Range(2000, 400), 1500, 5001, 2000, 7, 2399,
        ];

        var report = (await _core.UploadAsync(_researcher, campaign, Ids(second), "second.txt")).OrThrow();

        var expected = second.Distinct().Where(rev => rev > 600).ToList();
        Assert.Equal((second.Length, (long)expected.Count, (long)(second.Length - expected.Count)), (report.RowsRead, report.Imported, report.Duplicates));
        await using var db = _core.Database.CreateDbContext();
        var stored = await db.CampaignTasks.Where(t => t.CampaignId == campaign && t.Position > 600).OrderBy(t => t.Position)
            .Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => new { t.Position, a.RevId }).ToListAsync();
        Assert.Equal(Enumerable.Range(601, expected.Count).Select(p => (long)p), stored.Select(t => t.Position));
        Assert.Equal(expected.Select(rev => (long)rev), stored.Select(t => t.RevId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task New_artifacts_keep_each_lines_revision_and_data_in_file_order(bool newestArtifactDeletedBefore)
    {
        var campaign = await _core.CampaignAsync(_researcher);
        (await _core.UploadAsync(_researcher, await _core.CampaignAsync(_researcher), Ids(Enumerable.Range(90_000, 3)), "earlier.txt")).OrThrow();
        if (newestArtifactDeletedBefore)
        {
            // The next artifact's id then skips the deleted one's: ids are never reused.
            await using var db = _core.Database.CreateDbContext();
            var newest = await db.Artifacts.Where(a => a.RevId == 90_002).Select(a => a.Id).SingleAsync();
            await db.CampaignTasks.Where(t => t.ArtifactId == newest).ExecuteDeleteAsync();
            await db.Artifacts.Where(a => a.RevId == 90_002).ExecuteDeleteAsync();
        }
        // Not in rev id order, and longer than one of the store's batches.
        var revisions = Enumerable.Range(0, 1_300).Select(i => 100_000 + (i * 7_919 % 1_300)).ToList();
        var lines = string.Join("\n", revisions.Select((rev, i) => $"{{\"rev_id\": {rev}, \"n\": {i}}}"));

        var report = (await _core.UploadAsync(_researcher, campaign, lines, "list.jsonl")).OrThrow();

        Assert.Equal((1_300L, 0L), (report.Imported, report.Duplicates));
        await using var check = _core.Database.CreateDbContext();
        var stored = await check.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position)
            .Join(check.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => new { t.Position, a.RevId, t.Data }).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 1_300).Select(p => (long)p), stored.Select(t => t.Position));
        Assert.Equal(revisions.Select(rev => (long)rev), stored.Select(t => t.RevId));
        Assert.Equal(Enumerable.Range(0, 1_300).Select(i => $"{{\"n\":{i}}}"), stored.Select(t => t.Data));
    }

    [Fact]
    public async Task Errors_name_the_files_own_line_numbers_after_a_byte_order_mark_and_blank_lines()
    {
        var campaign = await _core.CampaignAsync(_researcher);

        var report = (await _core.UploadAsync(_researcher, campaign, "\uFEFF\r\n\r\n{\"rev_id\": 11}\r\nnot json\r\n\r\n{\"rev_id\": 12}", "list.jsonl", ImportMode.ValidLinesOnly)).OrThrow();

        Assert.Equal((ImportFormat.JsonLines, 3L, 2L), (report.Format, report.RowsRead, report.Imported));
        Assert.Equal((4L, ImportProblem.MalformedJson), (Assert.Single(report.Errors).Line, report.Errors[0].Problem));
    }

    private static string Ids(IEnumerable<int> revisions) => string.Join("\n", revisions) + "\n";

    [Fact]
    public async Task A_malformed_json_line_is_reported_with_the_character_where_it_breaks_not_a_library_message()
    {
        var campaign = await _core.CampaignAsync(_researcher);

        var report = (await _core.UploadAsync(_researcher, campaign, "{\"rev_id\": 11}\n{\"rev_id\": 12,,}\n", "list.jsonl", ImportMode.ValidLinesOnly)).OrThrow();

        var error = Assert.Single(report.Errors);
        Assert.Equal((2L, ImportProblem.MalformedJson, "15"), (error.Line, error.Problem, error.Detail));
    }

    [Fact]
    public async Task A_csv_with_a_rev_id_column_imports_and_keeps_the_other_columns()
    {
        var campaign = await _core.CampaignAsync(_researcher);

        var report = (await _core.UploadAsync(_researcher, campaign, "page,rev_id,note\n\"Praha, město\",101,ok\nBrno,0102,x\nOlomouc,abc,y\n", "list.csv", ImportMode.ValidLinesOnly)).OrThrow();

        Assert.Equal(ImportFormat.Csv, report.Format);
        Assert.Equal(1, report.Imported);
        Assert.Equal([(3L, ImportProblem.NotCanonical), (4L, ImportProblem.BadRevId)], report.Errors.Select(e => (e.Line, e.Problem)));
        await using var db = _core.Database.CreateDbContext();
        Assert.Equal("""{"page":"Praha, město","note":"ok"}""", (await db.CampaignTasks.SingleAsync(t => t.CampaignId == campaign)).Data);
    }

    [Fact]
    public async Task A_tsv_and_a_plain_list_of_ids_import_too()
    {
        var tsv = await _core.CampaignAsync(_researcher);
        var plain = await _core.CampaignAsync(_researcher);

        var tsvReport = (await _core.UploadAsync(_researcher, tsv, "rev_id\tuser\n201\tA\n202\tB\n", "list.tsv")).OrThrow();
        var plainReport = (await _core.UploadAsync(_researcher, plain, "301\n302\n\n303\n", "ids.txt")).OrThrow();

        Assert.Equal((ImportFormat.Tsv, 2L), (tsvReport.Format, tsvReport.Imported));
        Assert.Equal((ImportFormat.PlainIds, 3L), (plainReport.Format, plainReport.Imported));
    }

    [Fact]
    public async Task A_csv_without_a_rev_id_column_is_refused_whole_even_in_lenient_mode()
    {
        var campaign = await _core.CampaignAsync(_researcher);

        var result = await _core.UploadAsync(_researcher, campaign, "id,page\n1,A\n", "list.csv", ImportMode.ValidLinesOnly);

        Assert.Equal(ImportProblem.MissingRevIdColumn, Assert.Single(Assert.IsType<JadeError.ImportRejected>(result.Error).Report.Errors).Problem);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task A_quoted_field_over_several_lines_is_one_task_and_later_lines_keep_their_numbers(string newline)
    {
        // As spreadsheets save a cell of several lines (RFC 4180): the break inside the quotes is the field's own.
        var campaign = await _core.CampaignAsync(_researcher);
        var csv = string.Join(newline, "rev_id,note", "7101,\"First line", "", "third line, with a comma\"", "7102,plain", "x,bad", "");

        var report = (await _core.UploadAsync(_researcher, campaign, csv, "list.csv", ImportMode.ValidLinesOnly)).OrThrow();

        Assert.Equal((2L, 3L), (report.Imported, report.RowsRead));
        Assert.Equal((6L, ImportProblem.BadRevId, "x"), (report.Errors.Single().Line, report.Errors.Single().Problem, report.Errors.Single().Detail));
        await using var db = _core.Database.CreateDbContext();
        var data = await db.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position).Select(t => t.Data).FirstAsync();
        Assert.Equal("First line\n\nthird line, with a comma", System.Text.Json.JsonDocument.Parse(data!).RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_quote_never_closed_is_refused_at_the_line_where_its_record_began()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        var runaway = "rev_id,note\n7201,fine\n7202,\"never closed\n" + string.Concat(Enumerable.Repeat(new string('x', 1000) + "\n", 80)) + "7203,after\n";

        var unclosed = await _core.UploadAsync(_researcher, campaign, "rev_id,note\n7201,fine\n7202,\"never closed\n7203,x\n", "list.csv");
        var tooLong = (await _core.UploadAsync(_researcher, campaign, runaway, "list.csv", ImportMode.ValidLinesOnly)).OrThrow();

        var refusal = Assert.Single(Assert.IsType<JadeError.ImportRejected>(unclosed.Error).Report.Errors);
        Assert.Equal((3L, ImportProblem.MalformedCsv), (refusal.Line, refusal.Problem));
        // A record is read on for at most ArtifactListLines.MaxRecordLength characters: then refused, and the lines after it
        // read afresh, so the rest of the file is checked (line 83 is one of the x lines, 84 the last row) rather than
        // swallowed into one record held in memory.
        Assert.Equal((3L, ImportProblem.MalformedCsv), (tooLong.Errors[0].Line, tooLong.Errors[0].Problem));
        Assert.Contains(tooLong.Errors, e => e.Line == 83 && e.Problem == ImportProblem.BadRevId);
        Assert.Equal(2, tooLong.Imported);
        Assert.Equal(2, await TasksAsync(campaign));
    }

    [Theory]
    [InlineData("rev_id,title,user,title\n1,A,X,B\n", "list.csv", "title")]
    [InlineData("rev_id\tuser\t user\n1\tX\tY\n", "list.tsv", "user")]
    [InlineData("rev_id,note,rev_id\n1,A,2\n", "list.csv", "rev_id")]
    public async Task A_header_naming_a_column_twice_is_refused_whole_at_its_line_even_in_lenient_mode(string content, string fileName, string named)
    {
        var campaign = await _core.CampaignAsync(_researcher);

        var result = await _core.UploadAsync(_researcher, campaign, "\n" + content, fileName, ImportMode.ValidLinesOnly);

        // One field per name in the task's data: the upload is refused rather than one of the columns silently dropped.
        var error = Assert.Single(Assert.IsType<JadeError.ImportRejected>(result.Error).Report.Errors);
        Assert.Equal((2L, ImportProblem.DuplicateColumn, named), (error.Line, error.Problem, error.Detail));
        Assert.Equal(0, await TasksAsync(campaign));
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_a_clear_error()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        // Blank lines first: the report numbers lines in the file, not rows of data.
        var content = "\n\n" + string.Join("\n", Enumerable.Range(1, 5000).Select(i => $"{{\"rev_id\": {i}}}"));

        var result = await _core.UploadAsync(_researcher, campaign, content, "big.jsonl", ImportMode.ValidLinesOnly, maxBytes: 10_000);

        var error = Assert.Single(Assert.IsType<JadeError.ImportRejected>(result.Error).Report.Errors);
        Assert.Equal((UploadLines.CutAt(content, 10_000), ImportProblem.TooLarge), (error.Line, error.Problem));
        Assert.Equal(0, await TasksAsync(campaign));
    }

    [Fact]
    public async Task An_upload_of_exactly_the_size_limit_is_taken()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        var content = string.Join("\n", Enumerable.Range(1, 100).Select(i => $"{{\"rev_id\": {i}}}"));

        var report = (await _core.UploadAsync(_researcher, campaign, content, "exact.jsonl", ImportMode.AllOrNothing, maxBytes: System.Text.Encoding.UTF8.GetByteCount(content))).OrThrow();

        Assert.Equal(100, report.Imported);
    }

    [Fact]
    public async Task Uploading_needs_the_uploadartifacts_right()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        var reviewer = await _core.UserAsync("Reviewer");

        var result = await _core.UploadAsync(reviewer, campaign, "1\n2\n", "ids.txt");

        Assert.Equal(Right.UploadArtifacts, Assert.IsType<JadeError.PermissionDenied>(result.Error).Missing);
    }

    [Fact]
    public async Task Progress_is_reported_while_reading_and_storing()
    {
        var campaign = await _core.CampaignAsync(_researcher);
        var seen = new List<ImportProgress>();
        await using var stream = File.OpenRead(Path.Combine(RepositoryPaths.SharedData, "cswiki.revisions_for_review.5k_2016.json"));

        await _core.Imports.ImportAsync(_researcher, campaign, stream, "cs.json", ImportMode.AllOrNothing, 100_000_000, new SynchronousProgress(seen), stream.Length);

        Assert.Contains(seen, p => p.Phase == ImportPhase.Reading && p.BytesRead > 0 && p.BytesRead < stream.Length);
        Assert.Contains(seen, p => p.Phase == ImportPhase.Storing && p.RowsStored == 5000);
    }

    private sealed class SynchronousProgress(List<ImportProgress> seen) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
