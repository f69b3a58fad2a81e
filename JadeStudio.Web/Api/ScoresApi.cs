using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Scores;
using JadeStudio.Core.Wikis;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace JadeStudio.Web.Api;

/// <summary>Scores beside judgments, score file uploads, and model-versus-human analysis.</summary>
public static class ScoresApi
{
    public sealed record ScoreDto(string Model, string Version, string? Prediction, IReadOnlyDictionary<string, double>? Probability, string? Error, string? ErrorMessage, string Source, bool Synthetic, DateTimeOffset FetchedAt);

    public sealed record ThresholdDto(double Threshold, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives, double? Precision, double? Recall, double? F1, double? Accuracy, double? Fpr, double? FilterRate);

    public sealed record AnalysisDto(string Wiki, string Model, string? Version, string Source, int Scored, int Judged, int Used, ThresholdDto AtThreshold, double? RocAuc, double? PrAuc,
        IReadOnlyList<CurvePoint> Roc, IReadOnlyList<CurvePoint> PrecisionRecall, IReadOnlyList<CalibrationBin> Calibration, ThresholdDto? Query);

    public static RouteGroupBuilder MapScoresApi(this RouteGroupBuilder api)
    {
        api.MapGet("/artifacts/{wiki}/{type}/{revId}/scores", ArtifactScoresAsync).WithTags("Scores").WithName("artifactScores")
            .WithSummary("Cached model scores of an artifact (with per-revision errors).").Produces<List<ScoreDto>>();
        api.MapPost("/wikis/{wiki}/scores", UploadAsync).AcceptsOnly(api, "/wikis/{wiki}/scores", [.. UploadFormats.Select(f => f.MediaType)]).WithTags("Scores").WithName("uploadScores")
            .WithSummary("Upload a score file: ORES v3 responses (JSON or JSON Lines) or CSV rev_id,model,version,prediction,probability.")
            .Produces<ImportReport>().RequireRateLimiting(ApiOptions.WritePolicy);
        api.MapGet("/wikis/{wiki}/analysis", AnalysisAsync).WithTags("Scores").WithName("analysis")
            .WithSummary("Model versus humans: confusion at ?threshold=, precision/recall/F1/accuracy/FPR, ROC and PR curves with AUC, calibration, and ?query= like 'maximum recall @ precision >= 0.9'.")
            .Produces<AnalysisDto>();
        return api;
    }

    private static ScoreDto Dto(StoredScore s) => new(s.Model, s.ModelVersion, s.Prediction, s.Probabilities is null ? null : s.ProbabilityMap, s.ErrorType, s.ErrorMessage, s.Source, s.IsSynthetic, s.FetchedAt);

    private static async Task<IResult> ArtifactScoresAsync(string wiki, string type, string revId, HttpContext context, ScoreService scores)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        return ApiJson.Json((await scores.ForArtifactAsync(key, context.RequestAborted)).Select(Dto).ToList());
    }

    /// <summary>The media types a score file is uploaded in, each with the file name whose extension tells the importer its format.</summary>
    private static readonly (string MediaType, string FileName)[] UploadFormats =
        [("application/json", "scores.json"), ("application/x-ndjson", "scores.json"), ("text/csv", "scores.csv")];

    private static async Task<IResult> UploadAsync(string wiki, string? mode, HttpContext context, ScoreImportService imports, IOptions<JadeStudioOptions> options)
    {
        if (!ApiWrites.TryImportMode(mode, out var importMode, out var modeProblem))
        {
            return modeProblem!;
        }
        var contentType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var format = Array.FindIndex(UploadFormats, f => f.MediaType == contentType);
        if (format < 0)
        {
            return ApiProblem.UnsupportedContentType([.. UploadFormats.Select(f => f.MediaType)]);
        }
        var fileName = UploadFormats[format].FileName;
        var limit = options.Value.MaxUploadBytes;
        if (ApiWrites.BeginUpload(context, limit) is { } tooLarge)
        {
            return tooLarge;
        }
        var result = await imports.ImportAsync(ApiCaller.Of(context).Actor, wiki, context.Request.Body, fileName, "file:api", importMode, limit, null, context.Request.ContentLength, context.RequestAborted);
        return ApiWrites.UploadResult(context, result, limit);
    }

    private static async Task<IResult> AnalysisAsync(string wiki, string? model, string? version, long? campaign, string? source, double? threshold, string? query,
        HttpContext context, AnalysisService analysis, WikiCatalog wikis)
    {
        if (wikis.Find(wiki) is null)
        {
            return ApiProblem.Of(new JadeError.InvalidArtifactId(ArtifactKeyProblem.UnknownWiki), ApiCaller.Of(context).Actor);
        }
        var labelSource = source switch { null or "preferred" => HumanLabelSource.Preferred, "majority" => HumanLabelSource.Majority, _ => (HumanLabelSource?)null };
        // Written as what is allowed, so that NaN (which no comparison holds for) is refused too.
        if (labelSource is null || threshold is { } t && !(t >= 0 && t <= 1) || (query is not null && ModelMetrics.ParseQuery(query) is null))
        {
            return ApiProblem.BadRequest("source is preferred|majority; threshold is 0–1; query looks like 'maximum recall @ precision >= 0.9'.");
        }
        var data = await analysis.LoadAsync(new AnalysisQuery(wiki, model ?? "damaging", version, campaign, labelSource.Value), context.RequestAborted);
        if (data is null)
        {
            return ApiProblem.BadRequest("model must be a yes/no model (damaging or goodfaith).");
        }
        var observations = data.Observations;
        var thresholds = ModelMetrics.Thresholds(observations);
        var roc = ModelMetrics.Roc(thresholds);
        var pr = ModelMetrics.PrecisionRecall(thresholds);
        ThresholdDto? answer = null;
        if (query is not null && ModelMetrics.Query(thresholds, query) is { } found)
        {
            answer = Threshold(found);
        }
        return ApiJson.Json(new AnalysisDto(wiki, data.Query.Model, data.Version, ApiProblem.Camel(labelSource.Value.ToString()), data.Scored, data.Judged, data.Items.Count,
            Threshold(ModelMetrics.At(observations, threshold ?? 0.5)), roc.Area, pr.Area, roc.Points, pr.Points, ModelMetrics.Calibration(observations), answer));
    }

    private static ThresholdDto Threshold(ThresholdStats t) =>
        new(t.Threshold, t.TruePositives, t.FalsePositives, t.TrueNegatives, t.FalseNegatives, t.Precision, t.Recall, t.F1, t.Accuracy, t.FalsePositiveRate, t.FilterRate);
}
