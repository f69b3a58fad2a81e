using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Schemas;
using JadeStudio.Web.Auth;
using JadeStudio.Web.I18n;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace JadeStudio.Web.Components.Pages.Campaigns;

/// <summary>One question of the form with the keys that answer it.</summary>
public sealed record Question(Schema Schema, IReadOnlyList<(string Token, string MessageKey, string? Key)> Options)
{
    /// <summary>e.g. answer-damaging-true, answer-contentquality-3, answer-itemquality-A.</summary>
    public string TestId(string token) => $"answer-{Schema.Id}-{token.Replace("\"", "", StringComparison.Ordinal)}";
}

/// <summary>
/// The labeling view: the current task of the user's open workset, answered with the keyboard alone
/// (a key per answer, Enter = save &amp; next, S = skip, I = instructions).
/// </summary>
public sealed partial class LabelingPage
{
    private const string SaveKey = "Enter";
    private const string SkipKey = "s";
    private const string InstructionsKey = "i";

    [Parameter] public long Id { get; set; }

    [Inject] private CampaignQueries Queries { get; set; } = default!;
    [Inject] private CampaignService Campaigns { get; set; } = default!;
    [Inject] private SchemaCatalog Schemas { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private JadeStudio.Core.Scores.ScoreService Scores { get; set; } = default!;

    /// <summary>The model's scores for the task just saved: shown only after saving, so humans are not anchored by them.</summary>
    private IReadOnlyList<JadeStudio.Core.Scores.StoredScore> savedScores = [];

    private WorksetView? view;
    private IReadOnlyList<Question> questions = [];
    private readonly Dictionary<string, string?> answers = new();
    private bool hideEditor;
    private bool showInstructions;
    private string? message;
    private bool failed;
    private DotNetObjectReference<LabelingPage>? self;
    private IJSObjectReference? keyListener;

    private WorksetItem? Current => view?.Items.FirstOrDefault(i => i.State == TaskState.Pending);

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            // 1–9 always: the form's questions may load after this first render (e.g. after requesting a workset).
            var keys = Enumerable.Range(1, 9).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat([SaveKey, SkipKey, InstructionsKey]).ToArray();
            keyListener = await JS.InvokeAsync<IJSObjectReference>("jadeStudioKeys.listen", self, keys);
        }
    }

    private async Task LoadAsync()
    {
        var me = await CurrentUser.RefAsync();
        var worksetId = me.UserId is { } user ? await Queries.OpenWorksetAsync(Id, user, Clock.GetUtcNow()) : null;
        view = worksetId is { } id ? await Queries.WorksetAsync(id, me.UserId!.Value) : null;
        if (view is null)
        {
            return;
        }
        var facet = Schemas.FindFacet(view.Campaign.Facet)!;
        // Keys 1–9 in order across the questions, each question ending with "unsure".
        var next = 1;
        questions = facet.Schemas.Select(schema => new Question(schema,
            schema.ValuesFor(view.Campaign.Wiki).Select(v => (v.Token, v.MessageKey))
                .Append((Answers.Unsure, "jadestudio-label-unsure"))
                .Select(o => (o.Item1, o.Item2, next <= 9 ? (next++).ToString(System.Globalization.CultureInfo.InvariantCulture) : null))
                .ToList())).ToList();
        ResetAnswers();
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

    [JSInvokable]
    public async Task OnKey(string key)
    {
        if (Current is null)
        {
            return;
        }
        switch (key)
        {
            case SaveKey:
                await SaveAsync();
                break;
            case SkipKey:
                await SkipAsync();
                break;
            case InstructionsKey:
                showInstructions = !showInstructions;
                break;
            default:
                foreach (var question in questions)
                {
                    foreach (var option in question.Options.Where(o => o.Key == key))
                    {
                        Choose(question.Schema.Id, option.Token);
                    }
                }
                break;
        }
        StateHasChanged();
    }

    private async Task SaveAsync()
    {
        if (Current is not { } item)
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

    private async Task SkipAsync()
    {
        if (Current is not { } item)
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
        var result = await Campaigns.AbandonAsync(await CurrentUser.RefAsync(), view!.Workset.Id);
        Report(!result.IsSuccess, result.IsSuccess ? M["jadestudio-label-abandoned"] : ErrorText.Describe(result.Error!, M));
        await LoadAsync();
    }

    private async Task RequestAnotherAsync()
    {
        var result = await Campaigns.RequestWorksetAsync(await CurrentUser.RefAsync(), Id);
        Report(!result.IsSuccess, result.IsSuccess ? null : ErrorText.Describe(result.Error!, M));
        await LoadAsync();
    }

    private async Task ReloadWorksetAsync()
    {
        view = await Queries.WorksetAsync(view!.Workset.Id, view.Workset.UserId);
        ResetAnswers();
    }

    private void Report(bool isFailure, string? text) => (failed, message) = (isFailure, text);

    public async ValueTask DisposeAsync()
    {
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
