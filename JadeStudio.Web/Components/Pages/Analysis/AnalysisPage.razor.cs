using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Scores;
using JadeStudio.Core.Wikis;
using JadeStudio.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace JadeStudio.Web.Components.Pages.Analysis;

/// <summary>
/// Model versus humans for one wiki and binary model: everything is computed once per selection; moving
/// the threshold only recounts the confusion matrix (cheap), so the slider stays responsive.
/// </summary>
public sealed partial class AnalysisPage
{
    [Parameter] public string? Wiki { get; set; }

    [Inject] private WikiCatalog Wikis { get; set; } = default!;
    [Inject] private ModelCatalog Models { get; set; } = default!;
    [Inject] private AnalysisService Analysis { get; set; } = default!;
    [Inject] private CampaignQueries Campaigns { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string wiki = "enwiki";
    private string? model;
    private string? version;
    private long? campaign;
    private HumanLabelSource source = HumanLabelSource.Preferred;
    private double threshold = 0.5;
    private AnalysisData? data;
    private readonly ReadOrder reads = new();
    private IReadOnlyList<Observation> observations = [];
    private IReadOnlyList<ThresholdStats> thresholds = [];
    private Curve roc = new([], null);
    private Curve pr = new([], null);
    private IReadOnlyList<CurvePoint> calibration = [];
    private IReadOnlyList<Choice<long?>> campaigns = [];
    private IReadOnlyList<Choice<HumanLabelSource>> sources = [];

    private IReadOnlyList<string> BinaryModels => Wikis.Find(wiki) is { } found
        ? Models.For(found, ArtifactType.Diff).Concat(Models.For(found, ArtifactType.Revision)).Where(m => m.IsBinary).Select(m => m.Model).ToList()
        : [];

    private ThresholdStats At => ModelMetrics.At(observations, threshold);

    /// <summary>The 20 judged artifacts where the score is furthest from the human answer.</summary>
    private IEnumerable<AnalysisItem> Disagreements => (data?.Items ?? []).OrderByDescending(i => Math.Abs(i.Score - (i.Positive ? 1 : 0))).Take(20);

    protected override async Task OnParametersSetAsync()
    {
        wiki = Wikis.Find(Wiki ?? "") is not null ? Wiki! : "enwiki";
        model = BinaryModels.FirstOrDefault();
        version = null;
        campaign = null;
        sources = [new(M["jadestudio-analysis-source-preferred"], HumanLabelSource.Preferred), new(M["jadestudio-analysis-source-majority"], HumanLabelSource.Majority)];
        var read = reads.Begin();
        var listed = await Campaigns.ListAsync();
        if (!reads.IsNewest(read))
        {
            return;
        }
        campaigns = listed.Where(c => c.Campaign.Wiki == wiki).Select(c => new Choice<long?>(c.Campaign.Name, c.Campaign.Id)).ToList();
        await LoadAsync();
    }

    private Task ChangeWikiAsync(string chosen)
    {
        Navigation.NavigateTo($"analysis/{chosen}");
        return Task.CompletedTask;
    }

    private async Task ChangeAsync(Action change)
    {
        change();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var read = reads.Begin();
        var loaded = model is null ? null : await Analysis.LoadAsync(new AnalysisQuery(wiki, model, version, campaign, source));
        // Chosen again while this ran (another model, version, wiki): the newest choice's analysis fills the page.
        if (!reads.IsNewest(read))
        {
            return;
        }
        data = loaded;
        version = data?.Version;
        observations = data?.Observations ?? [];
        thresholds = ModelMetrics.Thresholds(observations);
        roc = ModelMetrics.Roc(thresholds);
        pr = ModelMetrics.PrecisionRecall(thresholds);
        calibration = ModelMetrics.Calibration(observations).Where(b => b.Count > 0).Select(b => new CurvePoint(b.MeanScore!.Value, b.ObservedRate!.Value, b.Count)).ToList();
    }

    private string Area(double? area) => M.Decimal(area);
}
