using Bunit;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;

namespace JadeStudio.Tests.Components;

/// <summary>Uploading a task list: a progress bar while it runs, then the per-line report.</summary>
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

        var file = InputFileContent.CreateFromText("{\"rev_id\": 101}\n{\"rev_id\": -5}\nnot json\n{\"rev_id\": 104}\n", "tasks.jsonl");
        var input = upload.FindComponent<InputFile>();
        var uploading = Task.Run(() => input.UploadFiles(file));

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
}
