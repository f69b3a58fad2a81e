using Bunit;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.WikiContent;
using JadeStudio.Tests.Support;
using JadeStudio.Web.Components.Pages.Campaigns;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Components;

/// <summary>After an upload, the new tasks' titles and editors are read from the wiki in the background, with visible progress.</summary>
public sealed class TaskUploadTests : IAsyncLifetime
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
    public async Task The_titles_and_editors_of_the_new_tasks_are_read_in_the_background_and_the_progress_shows_until_done()
    {
        var wiki = new HeldWiki(new ScriptedWiki());
        await using var context = new ComponentContext("en", _core, wiki);
        using var stop = new CancellationTokenSource();
        var worker = context.Services.GetRequiredService<WikiContentFetcher>().RunAsync(stop.Token);
        var upload = await UploadAsync(context);

        upload.WaitForAssertion(() => Assert.Contains("Reading titles and editors from enwiki: 0 of 3 edits", upload.Find("[data-testid=wiki-fetch-running]").TextContent, StringComparison.Ordinal));
        wiki.Gate.SetResult();

        upload.WaitForAssertion(() => Assert.Equal("Titles and editors of 3 edits read from enwiki.", upload.Find("[data-testid=wiki-fetch-done]").TextContent));
        Assert.Equal(3, await _core.CountAsync(db => db.Set<CachedRevision>()));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker);
    }

    [Fact]
    public async Task A_wiki_that_does_not_answer_is_said_with_how_far_the_read_got()
    {
        var wiki = new ScriptedWiki { Failure = new WikiContentProblem.Unavailable("HttpRequestException") };
        await using var context = new ComponentContext("de", _core, wiki);
        using var stop = new CancellationTokenSource();
        var worker = context.Services.GetRequiredService<WikiContentFetcher>().RunAsync(stop.Token);
        var upload = await UploadAsync(context);

        upload.WaitForAssertion(() => Assert.Contains("enwiki hat nicht geantwortet: 0 von 3 Bearbeitungen gelesen", upload.Find("[data-testid=wiki-fetch-problem]").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, await _core.CountAsync(db => db.Set<CachedRevision>()));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => worker);
    }
}
