using JadeStudio.Core;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Schemas;
using JadeStudio.Web.Auth;
using JadeStudio.Web.Components.Shared;
using JadeStudio.Web.I18n;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace JadeStudio.Web.Components.Pages.Campaigns;

/// <summary>One question of the form with the keys that answer it (<c>Key</c>: what the answer's key shows).</summary>
public sealed record Question(Schema Schema, IReadOnlyList<(string Token, string MessageKey, string? Key)> Options)
{
    /// <summary>e.g. answer-damaging-true, answer-contentquality-3, answer-itemquality-A.</summary>
    public string TestId(string token) => $"answer-{Schema.Id}-{token.Replace("\"", "", StringComparison.Ordinal)}";
}

/// <summary>
/// The labeling view: the current task of the user's open workset, answered with the keyboard alone
/// (a key per answer, Enter = save &amp; next, S = skip, I = instructions, Escape closes them), by physical key
/// so that every keyboard layout works, remappable in the preferences (<see cref="KeyBindings"/>).
/// </summary>
public sealed partial class LabelingPage
{
    [Parameter] public long Id { get; set; }

    /// <summary>
    /// One of the user's worksets in the campaign, named from the campaign's list; without it, the one to label. Read as
    /// text: Blazor throws (a 500) on a query value its type cannot hold; one that is not a number names no workset.
    /// </summary>
    [SupplyParameterFromQuery(Name = "workset")] public string? Workset { get; set; }

    private long? NamedWorkset => long.TryParse(Workset, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    [Inject] private CampaignQueries Queries { get; set; } = default!;
    [Inject] private CampaignService Campaigns { get; set; } = default!;
    [Inject] private SchemaCatalog Schemas { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private JadeStudio.Core.Scores.ScoreService Scores { get; set; } = default!;
    [Inject] private JadeStudio.Core.Users.UserDirectory Users { get; set; } = default!;
    [Inject] private MudBlazor.IDialogService Dialogs { get; set; } = default!;
    [Inject] private JadeStudio.Core.WikiContent.WikiContentService Content { get; set; } = default!;
    [Inject] private JadeStudio.Core.WikiContent.WikiContentOptions ContentOptions { get; set; } = default!;
    [Inject] private ILogger<LabelingPage> Logger { get; set; } = default!;

    /// <summary>Reading the workset's diffs ahead; stopped when the view closes.</summary>
    private readonly CancellationTokenSource _prefetch = new();
    private long? prefetchedWorkset;

    /// <summary>The user's keys (their remapping over the defaults).</summary>
    private KeyBindings keys = KeyBindings.Default;

    /// <summary>The model's scores for the task just saved: shown only after saving, so humans are not anchored by them.</summary>
    private IReadOnlyList<JadeStudio.Core.Scores.StoredScore> savedScores = [];

    private WorksetView? view;
    /// <summary>The campaign, read only when the user has no open workset in it (null also when it does not exist).</summary>
    private CampaignSummary? campaign;
    private bool loaded;
    private readonly ReadOrder reads = new();
    private IReadOnlyList<Question> questions = [];
    private readonly Dictionary<string, string?> answers = new();
    private bool hideEditor;
    private bool showInstructions;
    private string? message;
    private bool failed;
    private DotNetObjectReference<LabelingPage>? self;
    private IJSObjectReference? keyListener;

    /// <summary>A task the user chose in the workset's list (a saved label to change, or a task to do out of order).</summary>
    private long? chosenTask;

    /// <summary>
    /// The task on screen: the one chosen, else the first still to do (none once the workset is done). Once the workset
    /// can no longer be changed, only its labels are shown: the one chosen, else the first.
    /// </summary>
    private WorksetItem? Current => Changeable
        ? view?.Items.FirstOrDefault(i => i.TaskId == chosenTask && i.State != TaskState.Skipped) ?? view?.Items.FirstOrDefault(i => i.State == TaskState.Pending)
        : view?.Items.FirstOrDefault(i => i.TaskId == chosenTask && i.State == TaskState.Labeled) ?? view?.Items.FirstOrDefault(i => i.State == TaskState.Labeled);

    /// <summary>Labels can be saved or changed until the workset expires, not once given back; otherwise they are only read.</summary>
    private bool Changeable => view is { } shown && shown.Workset.TakesLabelsAt(Clock.GetUtcNow());

    /// <summary>Why a workset shown cannot be changed.</summary>
    private string ReadOnlyNotice => view!.Workset.Status == WorksetStatus.Abandoned
        ? M["jadestudio-label-readonly-givenback"]
        : M["jadestudio-label-readonly-expired", Formats.DateTime(view.Workset.ExpiresAt, M.CultureName)];

    private int Position(WorksetItem item) => view!.Items.ToList().IndexOf(item) + 1;

    private void OpenTask(long taskId)
    {
        chosenTask = taskId;
        savedScores = [];
        message = null;
        ResetAnswers();
    }

    /// <summary>Back to the first task still to do, the reopened label as it was.</summary>
    private void LeaveAsIs()
    {
        chosenTask = null;
        ResetAnswers();
    }

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            // Every bound key always: the form's questions may load after this first render (e.g. after requesting a workset).
            keyListener = await JS.InvokeAsync<IJSObjectReference>("jadeStudioKeys.listen", self, keys.Codes.Values.ToArray());
        }
    }

    private async Task LoadAsync()
    {
        var read = reads.Begin();
        var me = await CurrentUser.RefAsync();
        var readKeys = me.UserId is { } signedIn ? KeyBindings.Parse((await Users.FindAsync(signedIn))?.KeyBindings) : KeyBindings.Default;
        var worksetId = me.UserId is not { } user ? null : Workset is null ? await Queries.LabelingWorksetAsync(Id, user, Clock.GetUtcNow()) : NamedWorkset;
        var readView = worksetId is { } id ? await Queries.WorksetAsync(id, me.UserId!.Value) : null;
        if (readView?.Campaign.Id != Id)
        {
            readView = null; // a workset of another campaign (or none) under this campaign's address
        }
        // A workset named that is not the user's is not found; without one, the campaign offers a workset.
        var readCampaign = readView is null && Workset is null ? await Queries.GetAsync(Id) : null;
        // Another workset opened, or the page read again, while this ran: the newest read fills the page.
        if (!reads.IsNewest(read))
        {
            return;
        }
        (keys, view, campaign, chosenTask, loaded) = (readKeys, readView, readCampaign, null, true);
        if (view is null)
        {
            return;
        }
        StartPrefetch(view);
        var facet = Schemas.FindFacet(view.Campaign.Facet)!;
        // Answer keys 1–9 in order across the questions, each question ending with "unsure".
        var next = 1;
        questions = facet.Schemas.Select(schema => new Question(schema,
            schema.ValuesFor(view.Campaign.Wiki).Select(v => (v.Token, v.MessageKey))
                .Append((Answers.Unsure, "jadestudio-label-unsure"))
                .Select(o => (o.Item1, o.Item2, next <= 9 ? KeyBindings.Label(keys[KeyBindings.Answer(next++)]) : null))
                .ToList())).ToList();
        ResetAnswers();
    }

    /// <summary>
    /// When a workset is given, its tasks' diffs are read from the wiki in the background, so after Save &amp; next
    /// the next diff is already there (tasks whose upload carries the texts need nothing).
    /// </summary>
    private void StartPrefetch(WorksetView workset)
    {
        // Not for a workset whose labels are only read: its tasks still to do went back to others.
        if (!ContentOptions.Enabled || workset.Campaign.View != CampaignView.Diff || prefetchedWorkset == workset.Workset.Id || !Changeable)
        {
            return;
        }
        prefetchedWorkset = workset.Workset.Id;
        var pending = workset.Items.Where(i => i.State == TaskState.Pending && i.Data is null).Select(i => i.Artifact.RevId).ToList();
        var cancellation = _prefetch.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Content.PrefetchAsync(workset.Campaign.Wiki, pending, cancellation);
            }
            catch (Exception left) when (left.IsStopOf(cancellation))
            {
                // The labeler left (a wiki's own time limit is a failure like any other, below).
            }
            catch (Exception exception)
            {
                Logger.LogWarning(exception, "Reading ahead the diffs of workset {Workset} failed", workset.Workset.Id);
            }
        }, cancellation);
    }

    private void ResetAnswers()
    {
        answers.Clear();
        foreach (var question in questions)
        {
            answers[question.Schema.Id] = Current?.Answers?.GetValueOrDefault(question.Schema.Id);
        }
    }

    private void Choose(string schema, string token) => answers[schema] = token;

    /// <summary>What the key of an action shows on its button.</summary>
    private string KeyLabel(LabelingAction action) => KeyBindings.Label(keys[action]);

    /// <summary>A bound physical key (<c>KeyboardEvent.code</c>) pressed outside any control that uses it itself.</summary>
    [JSInvokable]
    public async Task OnKey(string code)
    {
        if (Current is null || !Changeable || keys.ActionFor(code) is not { } action)
        {
            return;
        }
        switch (action)
        {
            case LabelingAction.Save:
                await SaveAsync();
                break;
            case LabelingAction.Skip when Current.State == TaskState.Pending:
                await SkipAsync();
                break;
            case LabelingAction.Skip:
                break; // a saved label is changed or left as it is, not skipped
            case LabelingAction.Instructions:
                showInstructions = !showInstructions;
                break;
            case >= LabelingAction.Answer1 and <= LabelingAction.Answer9:
                ChooseByKey(KeyBindings.Label(code));
                break;
        }
        StateHasChanged();
    }

    /// <summary>Escape closes the instructions.</summary>
    [JSInvokable]
    public void OnEscape()
    {
        if (showInstructions)
        {
            showInstructions = false;
            StateHasChanged();
        }
    }

    /// <summary>A save, a skip, giving back or asking for a workset at a time, until the page shows what it did.</summary>
    private readonly OneAtATime storing = new();

    private void ChooseByKey(string label)
    {
        foreach (var question in questions)
        {
            foreach (var option in question.Options.Where(o => o.Key == label))
            {
                Choose(question.Schema.Id, option.Token);
            }
        }
    }

    private Task SaveAsync() => storing.RunAsync(SaveCurrentAsync);

    private Task SkipAsync() => storing.RunAsync(SkipCurrentAsync);

    private async Task SaveCurrentAsync()
    {
        if (Current is not { } item || !Changeable)
        {
            return;
        }
        if (answers.Values.Any(a => a is null))
        {
            Report(true, M["jadestudio-label-incomplete"]);
            return;
        }
        var result = await Campaigns.SaveLabelAsync(await CurrentUser.RefAsync(), view!.Workset.Id, item.TaskId, answers.ToDictionary(a => a.Key, a => a.Value!));
        Report(!result.IsSuccess, result.IsSuccess
            ? M[result.Value!.Complete ? "jadestudio-label-saved" : "jadestudio-label-saved-unsure", item.Artifact.ToString()]
            : ErrorText.Describe(result.Error!, M));
        savedScores = result.IsSuccess ? await Scores.ForArtifactAsync(item.Artifact) : [];
        await ReloadWorksetAsync();
    }

    private async Task SkipCurrentAsync()
    {
        if (Current is not { State: TaskState.Pending } item)
        {
            return;
        }
        var result = await Campaigns.SkipAsync(await CurrentUser.RefAsync(), view!.Workset.Id, item.TaskId);
        Report(!result.IsSuccess, result.IsSuccess ? M["jadestudio-label-skipped", item.Artifact.ToString()] : ErrorText.Describe(result.Error!, M));
        savedScores = [];
        await ReloadWorksetAsync();
    }

    private async Task AbandonAsync()
    {
        // Giving the rest back cannot be undone: ask first (Escape or Cancel keeps the workset).
        var confirmed = await Dialogs.ShowMessageBoxAsync(M["jadestudio-label-abandon-title"], M["jadestudio-label-abandon-confirm", view!.Items.Count(i => i.State == TaskState.Pending)],
            yesText: M["jadestudio-label-abandon"], cancelText: M["jadestudio-action-cancel"]);
        if (confirmed != true)
        {
            return;
        }
        var result = await Campaigns.AbandonAsync(await CurrentUser.RefAsync(), view!.Workset.Id);
        Report(!result.IsSuccess, result.IsSuccess ? M["jadestudio-label-abandoned"] : ErrorText.Describe(result.Error!, M));
        await ShowLabelingAsync();
    }

    private async Task RequestAnotherAsync()
    {
        var result = await Campaigns.RequestWorksetAsync(await CurrentUser.RefAsync(), Id);
        Report(!result.IsSuccess, result.IsSuccess ? null : ErrorText.Describe(result.Error!, M));
        await ShowLabelingAsync();
    }

    /// <summary>The workset to label now, the address no longer naming the one shown before.</summary>
    private async Task ShowLabelingAsync()
    {
        if (Workset is null)
        {
            await LoadAsync();
        }
        else
        {
            Navigation.NavigateTo($"campaigns/{Id}/label"); // sets the parameters anew, which loads
        }
    }

    private async Task ReloadWorksetAsync()
    {
        var read = reads.Begin();
        var readView = await Queries.WorksetAsync(view!.Workset.Id, view.Workset.UserId);
        if (!reads.IsNewest(read))
        {
            return;
        }
        view = readView;
        chosenTask = null; // after a save or a skip, on to the first task still to do
        ResetAnswers();
    }

    private void Report(bool isFailure, string? text) => (failed, message) = (isFailure, text);

    public async ValueTask DisposeAsync()
    {
        await _prefetch.CancelAsync();
        _prefetch.Dispose();
        if (keyListener is not null)
        {
            try
            {
                await keyListener.InvokeVoidAsync("dispose");
                await keyListener.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone; so is its listener.
            }
        }
        self?.Dispose();
    }
}
