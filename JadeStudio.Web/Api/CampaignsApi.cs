using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Jobs;
using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/campaigns: campaigns, their statistics, task uploads and exports.</summary>
public static class CampaignsApi
{
    public sealed record CampaignDto(long Id, string Wiki, string Name, string Form, string View, int LabelsPerTask, int TasksPerWorkset, bool Active, string? InfoUrl, int Tasks, int TasksDone, int Labels);

    public sealed record AgreementDto(string Question, string Level, int Units, double? PercentAgreement, double? CohensKappa, double? KrippendorffsAlpha);

    public sealed record StatsDto(int Tasks, int TasksDone, int Labels, int UnsureAnswers, int Skips, IReadOnlyList<AgreementDto> Agreement, IReadOnlyList<object> PerDay, IReadOnlyList<object> MostDisputed);

    public sealed class CampaignBody
    {
        public required string Wiki { get; init; }

        /// <summary>Unique per wiki.</summary>
        public required string Name { get; init; }

        /// <summary>The facet: editquality, contentquality or itemquality.</summary>
        public required string Form { get; init; }

        /// <summary>diff (the edit) or page (the page as of the revision).</summary>
        public string View { get; init; } = "diff";

        public int LabelsPerTask { get; init; } = 1;

        public int TasksPerWorkset { get; init; } = 20;

        /// <summary>How long a workset stays open, in hours (default 24).</summary>
        public double WorksetHours { get; init; } = 24;

        public bool Active { get; init; } = true;

        public string? InfoUrl { get; init; }

        /// <summary>Markdown shown to labelers.</summary>
        public string? Instructions { get; init; }
    }

    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        var campaigns = api.MapGroup("/campaigns").WithTags("Campaigns");
        campaigns.MapPost("", CreateAsync).WithName("createCampaign").CreatesAt("/api/v1/campaigns/{id}")
            .WithSummary("Create a campaign (right createcampaign).").Accepts<CampaignBody>("application/json").Produces<CampaignDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        campaigns.MapPut("/{id:long}", UpdateAsync).WithName("updateCampaign")
            .WithSummary("Change a campaign's settings, e.g. deactivate it (its creator, or right managecampaigns).").Accepts<CampaignBody>("application/json").Produces<CampaignDto>()
            .RequireRateLimiting(ApiOptions.WritePolicy);
        campaigns.MapGet("", async (CampaignQueries queries, HttpContext context) => ApiJson.Json((await queries.ListAsync(cancellationToken: context.RequestAborted)).Select(Dto).ToList()))
            .WithName("listCampaigns").WithSummary("Every campaign with its progress.").Produces<List<CampaignDto>>();
        campaigns.MapGet("/{id:long}", async (long id, CampaignQueries queries, HttpContext context) =>
                await queries.GetAsync(id, context.RequestAborted) is { } found ? ApiJson.Json(Dto(found)) : ApiProblem.Of(new JadeError.EntityNotFound("campaign"), ApiCaller.Of(context).Actor))
            .WithName("getCampaign").WithSummary("One campaign with its progress.").Produces<CampaignDto>();
        campaigns.MapGet("/{id:long}/stats", StatsAsync).WithName("campaignStats")
            .WithSummary("Counts per day, agreement per question (percent, Cohen's kappa, Krippendorff's alpha) and the most disputed tasks.").Produces<StatsDto>();
        campaigns.MapPost("/{id:long}/tasks", UploadAsync).AcceptsOnly(campaigns, "/{id:long}/tasks", [.. UploadFormats.Select(f => f.MediaType)]).WithName("uploadTasks")
            .WithSummary("Upload an artifact list (JSON Lines, CSV, TSV or one id per line; streamed). ?mode=valid imports the valid lines only.")
            .Produces<ImportReport>().RequireRateLimiting(ApiOptions.WritePolicy);
        campaigns.MapGet("/{id:long}/export", ExportAsync).WithName("exportCampaign")
            .WithSummary("Stream the labels: format=wikilabels (JSON), editquality (JSON Lines for training) or csv.")
            .ProducesAlso(200, "application/json", ExportDescription).ProducesAlso(200, "application/x-ndjson", ExportDescription).ProducesAlso(200, "text/csv", ExportDescription);
        return api;
    }

    private const string ExportDescription = "The campaign's labels as a file, in the format asked for.";

    private static async Task<IResult> CreateAsync(HttpContext context, CampaignService campaigns, CampaignQueries queries) =>
        await SaveAsync(context, queries, draft => campaigns.CreateAsync(ApiCaller.Of(context).Actor, draft, context.RequestAborted), StatusCodes.Status201Created);

    private static async Task<IResult> UpdateAsync(long id, HttpContext context, CampaignService campaigns, CampaignQueries queries) =>
        await SaveAsync(context, queries, draft => campaigns.UpdateAsync(ApiCaller.Of(context).Actor, id, draft, context.RequestAborted), StatusCodes.Status200OK);

    private static async Task<IResult> SaveAsync(HttpContext context, CampaignQueries queries, Func<CampaignDraft, Task<Result<Campaign>>> save, int status)
    {
        var (body, problem) = await ApiWrites.BodyAsync<CampaignBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        if (!ApiWrites.TryParse<CampaignView>(body!.View, "view", out var view, out problem))
        {
            return problem;
        }
        if (!double.IsFinite(body.WorksetHours) || body.WorksetHours <= 0 || body.WorksetHours > 24 * 366)
        {
            return ApiProblem.BadRequest("worksetHours must be a positive number of hours, at most a year.");
        }
        var result = await save(new CampaignDraft(body.Wiki, body.Name, body.Form, view, body.LabelsPerTask, body.TasksPerWorkset, TimeSpan.FromHours(body.WorksetHours),
            body.Active, body.InfoUrl, body.Instructions));
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor);
        }
        if (status == StatusCodes.Status201Created)
        {
            ApiWrites.CreatedAt(context, $"/api/v1/campaigns/{result.Value!.Id}");
        }
        return ApiJson.Json(Dto((await queries.GetAsync(result.Value!.Id, context.RequestAborted))!), status);
    }

    private static CampaignDto Dto(CampaignSummary s) => new(s.Campaign.Id, s.Campaign.Wiki, s.Campaign.Name, s.Campaign.Facet, ApiProblem.Camel(s.Campaign.View.ToString()),
        s.Campaign.LabelsPerTask, s.Campaign.TasksPerWorkset, s.Campaign.Active, s.Campaign.InfoUrl, s.Tasks, s.TasksDone, s.Labels);

    private static async Task<IResult> StatsAsync(long id, CampaignQueries queries, HttpContext context)
    {
        var stats = await queries.StatsAsync(id, await ApiCaller.Of(context).LoadAsync(context), cancellationToken: context.RequestAborted);
        if (stats is null)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("campaign"), ApiCaller.Of(context).Actor);
        }
        return ApiJson.Json(new StatsDto(stats.Tasks, stats.TasksDone, stats.Labels, stats.UnsureAnswers, stats.Skips,
            stats.Agreement.Select(a => new AgreementDto(a.Schema.Id, ApiProblem.Camel(a.Level.ToString()), a.Units, a.PercentAgreement, a.CohensKappa, a.KrippendorffsAlpha)).ToList(),
            stats.Days.Select(d => (object)new { day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), labels = d.Labels }).ToList(),
            stats.MostDisputed.Select(d => (object)new { artifact = d.Artifact.ToString(), labels = d.Labels, disagreement = d.Disagreement, votes = d.Votes }).ToList()));
    }

    /// <summary>The media types an artifact list is uploaded in, each with the file name whose extension tells the importer its format (none: sniffed from the first line).</summary>
    private static readonly (string MediaType, string? FileName)[] UploadFormats =
    [
        ("application/x-ndjson", "upload.jsonl"), ("application/jsonl", "upload.jsonl"), ("text/csv", "upload.csv"), ("text/tab-separated-values", "upload.tsv"), ("text/plain", null),
    ];

    /// <summary>The body is streamed into the importer; it is never held in memory whole.</summary>
    private static async Task<IResult> UploadAsync(long id, string? mode, HttpContext context, ImportService imports, IOptions<JadeStudioOptions> options,
        JobQueue jobs)
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
        var caller = ApiCaller.Of(context).Actor;
        var result = await imports.ImportAsync(caller, id, context.Request.Body, fileName, importMode, limit, null, context.Request.ContentLength, context.RequestAborted);
        BackgroundJob? job = null;
        if (result.IsSuccess && result.Value!.Imported > 0)
        {
            // Titles and editors of the new tasks are read in the background; the uploader follows it at /api/v1/jobs/{id}.
            job = await jobs.StartCampaignContentAsync(caller, id, CancellationToken.None);
        }
        if (job is null)
        {
            return ApiWrites.UploadResult(context, result, limit);
        }
        // The report as always, with the background job that reads the new tasks' titles and editors.
        var body = System.Text.Json.JsonSerializer.SerializeToNode(result.Value, ApiJson.Output)!.AsObject();
        body["job"] = System.Text.Json.JsonSerializer.SerializeToNode(JobsApi.Dto(job), ApiJson.Output);
        return ApiJson.Json(body);
    }

    private static async Task<IResult> ExportAsync(long id, string? format, bool? incomplete, HttpContext context, CampaignQueries queries, CampaignExport export)
    {
        ExportFormat? chosen = format switch
        {
            "wikilabels" or null => ExportFormat.WikiLabels,
            "editquality" => ExportFormat.EditQuality,
            "csv" => ExportFormat.Csv,
            _ => null,
        };
        if (chosen is null)
        {
            return ApiProblem.BadRequest("format must be wikilabels, editquality or csv.");
        }
        if (await queries.GetAsync(id, context.RequestAborted) is not { } summary)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("campaign"), ApiCaller.Of(context).Actor);
        }
        if (chosen == ExportFormat.EditQuality && summary.Campaign.Facet != "editquality")
        {
            return ApiProblem.BadRequest("The editquality export is for editquality campaigns.");
        }
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        var (contentType, extension) = chosen switch
        {
            ExportFormat.WikiLabels => ("application/json", "json"),
            ExportFormat.EditQuality => ("application/x-ndjson", "jsonl"),
            _ => ("text/csv", "csv"),
        };
        return new StreamedExport(async body => await export.WriteAsync(id, chosen.Value, body, viewer, context.RequestAborted, includeIncomplete: incomplete == true), contentType, $"campaign-{id}-{format ?? "wikilabels"}.{extension}");
    }

    private sealed class StreamedExport(Func<Stream, Task> write, string contentType, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = contentType + "; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            await write(context.Response.Body);
        }
    }
}
