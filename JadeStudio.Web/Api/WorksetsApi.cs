using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;

namespace JadeStudio.Web.Api;

public sealed class LabelBody
{
    public required long Task { get; init; }

    /// <summary>One answer per question of the campaign's form, as the schema's value token ("true", "3", "unsure" …).</summary>
    public required IReadOnlyDictionary<string, string> Answers { get; init; }
}

public sealed class TaskBody
{
    public required long Task { get; init; }
}

public sealed record WorksetItemDto(long Task, string Artifact, string? PageTitle, string State, IReadOnlyDictionary<string, string>? Answers);

public sealed record WorksetDto(long Id, long Campaign, string Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int Labeled, int Skipped, IReadOnlyList<WorksetItemDto> Tasks);

/// <summary>One of your worksets in a campaign; <c>Number</c>: its place among them, the first being 1.</summary>
public sealed record WorksetSummaryDto(long Id, int Number, string Status, bool Changeable, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int Tasks, int Labeled, int Skipped, string Url);

public sealed record WorksetListDto(int Total, IReadOnlyList<WorksetSummaryDto> Worksets);

public sealed record LabelDto(long Label, bool Complete, long? Proposal);

/// <summary>Wiki Labels' labeling loop for tools: request a workset, label or skip its tasks, give it back.</summary>
public static class WorksetsApi
{
    public static RouteGroupBuilder MapWorksetsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/campaigns/{id:long}/worksets", RequestAsync).WithTags("Worksets").WithName("requestWorkset").CreatesAt("/api/v1/worksets/{id}")
            .WithSummary("Get a workset of tasks to label (right judge); refused while you have one open, when the campaign is inactive or nothing is left for you.")
            .Produces<WorksetDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        api.MapGet("/campaigns/{id:long}/worksets", ListAsync).WithTags("Worksets").WithName("listWorksets")
            .WithSummary("Your worksets in the campaign, the newest first (limit 1–500, default 50), and how many you have; changeable: labels can still be saved or changed.")
            .Produces<WorksetListDto>();
        var worksets = api.MapGroup("/worksets/{id:long}").WithTags("Worksets");
        worksets.MapGet("", GetAsync).WithName("getWorkset").WithSummary("Your workset with its tasks and your answers.").Produces<WorksetDto>();
        worksets.MapPost("/labels", LabelAsync).WithName("labelTask")
            .WithSummary("Save or change your answers for a task (a label can be changed until the workset expires, also once it is done; not for a skipped task); a complete label also endorses them on the artifact (origin campaign/<id>).")
            .Accepts<LabelBody>("application/json").Produces<LabelDto>().RequireRateLimiting(ApiOptions.WritePolicy);
        worksets.MapPost("/skips", SkipAsync).WithName("skipTask")
            .WithSummary("Skip a task: it goes back to others, never to you again.").Accepts<TaskBody>("application/json").Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        worksets.MapPost("/abandon", AbandonAsync).WithName("abandonWorkset")
            .WithSummary("Give back the tasks you have not labeled.").Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> RequestAsync(long id, HttpContext context, CampaignService campaigns, CampaignQueries queries)
    {
        var caller = ApiCaller.Of(context).Actor;
        var result = await campaigns.RequestWorksetAsync(caller, id, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, caller);
        }
        ApiWrites.CreatedAt(context, $"/api/v1/worksets/{result.Value}");
        return await WorksetAsync(context, queries, result.Value, StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(long id, int? limit, HttpContext context, CampaignQueries queries, TimeProvider clock)
    {
        if (ApiProblem.LimitOutOfRange(limit, 500) is { } outOfRange)
        {
            return outOfRange;
        }
        var caller = ApiCaller.Of(context).Actor;
        if (caller.UserId is not { } userId)
        {
            return ApiProblem.Of(new JadeError.PermissionDenied(Core.Permissions.Right.Judge), caller);
        }
        if (await queries.WorksetsAsync(id, userId, limit ?? 50, context.RequestAborted) is not { } list)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("campaign"), caller);
        }
        var now = clock.GetUtcNow();
        return ApiJson.Json(new WorksetListDto(list.Total, list.Newest.Select(w => new WorksetSummaryDto(w.Id, w.Number, ApiProblem.Camel(w.Status.ToString()), w.ChangeableAt(now),
            w.CreatedAt, w.ExpiresAt, w.Tasks, w.Labeled, w.Skipped, $"/api/v1/worksets/{w.Id}")).ToList()));
    }

    private static Task<IResult> GetAsync(long id, HttpContext context, CampaignQueries queries) => WorksetAsync(context, queries, id, StatusCodes.Status200OK);

    private static async Task<IResult> LabelAsync(long id, HttpContext context, CampaignService campaigns)
    {
        var (body, problem) = await ApiWrites.BodyAsync<LabelBody>(context);
        if ((problem ?? ApiWrites.NullItem("answers", body!.Answers.Values)) is { } refused)
        {
            return refused;
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await campaigns.SaveLabelAsync(caller, id, body!.Task, body.Answers, context.RequestAborted);
        return result.IsSuccess ? ApiJson.Json(new LabelDto(result.Value!.LabelId, result.Value.Complete, result.Value.ProposalId)) : ApiProblem.Of(result.Error!, caller);
    }

    private static Task<IResult> SkipAsync(long id, HttpContext context, CampaignService campaigns) =>
        ApiWrites.NoContentAsync<TaskBody, bool>(context, (caller, body) => campaigns.SkipAsync(caller, id, body.Task, context.RequestAborted));

    private static async Task<IResult> AbandonAsync(long id, HttpContext context, CampaignService campaigns)
    {
        var caller = ApiCaller.Of(context).Actor;
        var result = await campaigns.AbandonAsync(caller, id, context.RequestAborted);
        return result.IsSuccess ? Results.NoContent() : ApiProblem.Of(result.Error!, caller);
    }

    /// <summary>A workset is its owner's alone: anyone else (and anonymous callers) get 404, as for a missing one.</summary>
    private static async Task<IResult> WorksetAsync(HttpContext context, CampaignQueries queries, long worksetId, int status)
    {
        var caller = ApiCaller.Of(context).Actor;
        if (caller.UserId is not { } userId || await queries.WorksetAsync(worksetId, userId, context.RequestAborted) is not { } view)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("workset"), caller);
        }
        return ApiJson.Json(new WorksetDto(view.Workset.Id, view.Campaign.Id, ApiProblem.Camel(view.Workset.Status.ToString()), view.Workset.CreatedAt, view.Workset.ExpiresAt,
            view.Items.Count(i => i.State == TaskState.Labeled), view.Items.Count(i => i.State == TaskState.Skipped),
            view.Items.Select(i => new WorksetItemDto(i.TaskId, i.Artifact.ToString(), i.PageTitle, ApiProblem.Camel(i.State.ToString()), i.Answers)).ToList()), status);
    }
}
