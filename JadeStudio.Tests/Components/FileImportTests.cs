using Bunit;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using JadeStudio.Web.Components.Pages.Campaigns;
using JadeStudio.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;

namespace JadeStudio.Tests.Components;

/// <summary>
/// Uploading a task list: a progress bar while it runs, then the per-line report; afterwards the new tasks' titles
/// and editors are read from the wiki in the background, with visible progress.
/// </summary>
public sealed class FileImportTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;
    private long _campaign;

    public async Task InitializeAsync()
    {
        _researcher = await _core.UserAsync("Upload Researcher", "researcher");
        _campaign = await _core.CampaignAsync(_researcher, wiki: "enwiki");
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task An_upload_shows_its_progress_then_a_report_naming_each_rejected_line_and_imports_nothing_when_a_line_is_bad()
    {
        // The real import, held at its start until the test has seen the progress bar.
        var gate = new TaskCompletionSource();
        FileImport.Importer import = async (stream, name, mode, max, progress, size) =>
        {
            progress.Report(new ImportProgress(ImportPhase.Reading, 0, size, 0, 0));
            await gate.Task;
            return await _core.Imports.ImportAsync(_researcher, _campaign, stream, name, mode, max, progress, size);
        };
        await using var context = new ComponentContext("en", _core);
        var upload = context.Render<FileImport>(p => p.Add(x => x.Title, "Tasks").Add(x => x.Intro, "One per line").Add(x => x.Import, import));

        // The file button is the page's, in its language, and names the file once one is chosen.
        Assert.Equal("Choose a file…", upload.Find("[data-testid=upload-choose]").TextContent);
        Assert.Equal(upload.Find("[data-testid=upload-file]").Id, upload.Find("[data-testid=upload-choose]").GetAttribute("for"));
        Assert.Equal("No file chosen", upload.Find("[data-testid=upload-chosen]").TextContent);
        var file = InputFileContent.CreateFromText("{\"rev_id\": 101}\n{\"rev_id\": -5}\nnot json\n{\"rev_id\": 104}\n", "tasks.jsonl");
        var input = upload.FindComponent<InputFile>();
        var uploading = Task.Run(() => input.UploadFiles(file));
        upload.WaitForAssertion(() => Assert.Equal("tasks.jsonl", upload.Find("[data-testid=upload-chosen]").TextContent));

        upload.WaitForAssertion(() => Assert.Contains("Reading… 0 lines so far", upload.Find("[data-testid=upload-progress-text]").TextContent, StringComparison.Ordinal));
        Assert.NotEmpty(upload.FindAll("[data-testid=upload-progress]"));
        gate.SetResult();
        await uploading;

        upload.WaitForAssertion(() => Assert.NotEmpty(upload.FindAll("[data-testid=import-report]")));
        Assert.Empty(upload.FindAll("[data-testid=upload-progress]"));
        Assert.Contains("2 lines rejected", upload.Find("[data-testid=report-rejected]").TextContent, StringComparison.Ordinal);
        var rows = upload.FindAll("[data-testid=report-errors] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains('2') && r.Contains("-5 is not a positive whole number", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains('3') && r.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.NotEmpty(upload.FindAll("[data-testid=upload-error]"));
        Assert.Equal(0, await _core.CountAsync(db => db.Set<JadeStudio.Core.Campaigns.CampaignTask>()));
    }

    /// <summary>The scripted wiki, held before answering until the test lets it.</summary>
    private sealed class HeldWiki(ScriptedWiki wiki) : IWikiContentSource
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<WikiContentResult<WikiRevisionBatch>> RevisionsAsync(string wiki1, IReadOnlyList<long> revIds, bool background, CancellationToken cancellationToken)
        {
            await Gate.Task.WaitAsync(cancellationToken);
            return await wiki.RevisionsAsync(wiki1, revIds, background, cancellationToken);
        }

        public Task<WikiContentResult<WikiDiff>> DiffAsync(string wiki1, long revId, CancellationToken cancellationToken) => wiki.DiffAsync(wiki1, revId, cancellationToken);

        public Task<WikiContentResult<WikiPageVersion>> PageAsync(string wiki1, long revId, CancellationToken cancellationToken) => wiki.PageAsync(wiki1, revId, cancellationToken);
    }

    private async Task<IRenderedComponent<TaskUpload>> UploadAsync(ComponentContext context)
    {
        context.SignIn(_researcher, "Upload Researcher");
        var upload = context.Render<TaskUpload>(p => p.Add(x => x.CampaignId, _campaign));
        var input = upload.FindComponent<InputFile>();
        await Task.Run(() => input.UploadFiles(InputFileContent.CreateFromText("101\n102\n103\n", "tasks.txt")));
        return upload;
    }

    [Fact]
    public async Task The_titles_and_editors_of_the_new_tasks_are_read_by_a_background_job_whose_progress_shows_until_done_and_after_a_reload()
    {
        var wiki = new HeldWiki(new ScriptedWiki());
        await using var context = new ComponentContext("en", _core, wiki);
        var scheduler = await context.StartJobsAsync();
        try
        {
            var upload = await UploadAsync(context);

            upload.WaitForAssertion(() => Assert.Contains("Reading titles and editors from enwiki: 0 of 3 edits", upload.Find("[data-testid=wiki-fetch-running]").TextContent, StringComparison.Ordinal));
            wiki.Gate.SetResult();

            upload.WaitForAssertion(() => Assert.Equal("Titles and editors of 3 edits read from enwiki.", upload.Find("[data-testid=wiki-fetch-done]").TextContent));
            Assert.Equal(3, await _core.CountAsync(db => db.Set<CachedRevision>()));
            // The job is a record, not a page's memory: the page opened again still says how it ended.
            var reopened = context.Render<TaskUpload>(p => p.Add(x => x.CampaignId, _campaign));
            reopened.WaitForAssertion(() => Assert.Equal("Titles and editors of 3 edits read from enwiki.", reopened.Find("[data-testid=wiki-fetch-done]").TextContent));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task A_wiki_that_does_not_answer_is_said_with_how_far_the_read_got()
    {
        var wiki = new ScriptedWiki { Failure = new WikiContentProblem.Unavailable("HttpRequestException") };
        await using var context = new ComponentContext("de", _core, wiki);
        var scheduler = await context.StartJobsAsync();
        try
        {
            var upload = await UploadAsync(context);

            upload.WaitForAssertion(() => Assert.Contains("enwiki hat nicht geantwortet: 0 von 3 Bearbeitungen gelesen", upload.Find("[data-testid=wiki-fetch-problem]").TextContent, StringComparison.Ordinal));
            Assert.Equal(0, await _core.CountAsync(db => db.Set<CachedRevision>()));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }
}
