using JadeStudio.Core.Jobs;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Web.Api;

public sealed record JobDto(long Id, string Kind, long? Campaign, string Wiki, string State, int Done, int Total, int Runs, string? Problem,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string Url);

/// <summary>/api/v1/jobs: the background jobs the caller started (an upload's reads from its wiki), and how far each got.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("", ListAsync).WithName("listJobs").WithSummary("Your background jobs, newest first (at most 100).").Produces<List<JobDto>>();
        jobs.MapGet("/{id:long}", GetAsync).WithName("getJob")
            .WithSummary("One of your background jobs: state (queued, running, succeeded, failed), progress, and why it failed. Others' jobs answer 404.").Produces<JobDto>();
        return api;
    }

    public static JobDto Dto(BackgroundJob job) => new(job.Id, ApiProblem.Camel(job.Kind.ToString()), job.CampaignId, job.Wiki, ApiProblem.Camel(job.State.ToString()),
        job.Done, job.Total, job.Runs, job.Problem is { } problem ? ApiProblem.Camel(problem) : null, job.CreatedAt, job.StartedAt, job.FinishedAt, $"/api/v1/jobs/{job.Id}");

    private static async Task<IResult> ListAsync(HttpContext context, JobQueue queue)
    {
        var caller = ApiCaller.Of(context).Actor;
        if (caller.UserId is not { } userId)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.PermissionDenied(Right.UploadArtifacts), caller);
        }
        return ApiJson.Json((await queue.OwnedByAsync(userId, 100, context.RequestAborted)).Select(owned => Dto(owned.Job)).ToList());
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, JobQueue queue)
    {
        var caller = ApiCaller.Of(context).Actor;
        if (caller.UserId is not { } userId)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.PermissionDenied(Right.UploadArtifacts), caller);
        }
        return await queue.FindAsync(id, userId, context.RequestAborted) is { } job
            ? ApiJson.Json(Dto(job))
            : ApiProblem.Of(new Core.Commands.JadeError.EntityNotFound("job"), caller);
    }
}
