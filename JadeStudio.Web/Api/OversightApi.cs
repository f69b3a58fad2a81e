using JadeStudio.Core.Oversight;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Web.Api;

public sealed class VisibilityBody
{
    /// <summary>proposal, endorsement, thread or comment.</summary>
    public required string Kind { get; init; }

    public required long Id { get; init; }

    /// <summary>text (notes, endorsement comment, thread title, comment text) or user (the name on the item).</summary>
    public required string Field { get; init; }

    /// <summary>visible, deleted or suppressed.</summary>
    public required string Level { get; init; }

    public required string Reason { get; init; }
}

public sealed class OversightRequestBody
{
    public required string Kind { get; init; }

    public required long Id { get; init; }

    public required string Field { get; init; }

    public required string Reason { get; init; }
}

public sealed class RollbackBody
{
    /// <summary>The user id whose judgments to roll back.</summary>
    public required long User { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>Only judgments on this wiki; absent means every wiki.</summary>
    public string? Wiki { get; init; }

    public required string Reason { get; init; }
}

public sealed record VisibilityChangeDto(string Kind, long Id, string Field, string From, string To);

public sealed record RollbackDto(long Id, long User, DateTimeOffset From, DateTimeOffset To, string? Wiki, int EndorsementsRemoved, int ProposalsRemoved,
    DateTimeOffset PerformedAt, DateTimeOffset? UndoneAt);

/// <summary>Oversight: hiding and restoring fields, oversight requests and mass rollback (their logs are LogsApi's).</summary>
public static class OversightApi
{
    public static RouteGroupBuilder MapOversightApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Oversight");
        group.MapPost("/visibility", SetVisibilityAsync).WithName("setVisibility")
            .WithSummary("Delete (deletecontent), suppress (suppress) or restore one field of an item, with a reason.")
            .Accepts<VisibilityBody>("application/json").Produces<VisibilityChangeDto>().RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapPost("/oversight-requests", RequestAsync).WithName("requestOversight")
            .WithSummary("Ask oversighters to hide a field; you will only learn whether the request is still open.")
            .Accepts<OversightRequestBody>("application/json").Produces<CreatedDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapPost("/rollbacks", RollBackAsync).WithName("rollBack")
            .WithSummary("Remove every judgment a user made or changed in a time range (right rollback).")
            .Accepts<RollbackBody>("application/json").Produces<RollbackDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapPost("/rollbacks/{id:long}/undo", UndoAsync).WithName("undoRollback")
            .WithSummary("Put back exactly what a rollback removed; refused when the judgments changed since.")
            .Produces<RollbackDto>().RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> SetVisibilityAsync(HttpContext context, VisibilityService visibility)
    {
        var (body, problem) = await ApiWrites.BodyAsync<VisibilityBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        if (!ApiWrites.TryParse<ItemKind>(body!.Kind, "kind", out var kind, out problem) || !ApiWrites.TryParse<HideableField>(body.Field, "field", out var field, out problem)
            || !ApiWrites.TryParse<FieldVisibility>(body.Level, "level", out var level, out problem))
        {
            return problem;
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await visibility.SetAsync(caller, new VisibilityRequest(new ItemRef(kind, body.Id), field, level, body.Reason), context.RequestAborted);
        return result.IsSuccess
            ? ApiJson.Json(new VisibilityChangeDto(ItemRef.NameOf(kind), body.Id, ItemRef.NameOf(field), ItemRef.NameOf(result.Value!.From), ItemRef.NameOf(result.Value.To)))
            : ApiProblem.Of(result.Error!, caller);
    }

    private static async Task<IResult> RequestAsync(HttpContext context, OversightRequestService requests)
    {
        var (body, problem) = await ApiWrites.BodyAsync<OversightRequestBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        if (!ApiWrites.TryParse<ItemKind>(body!.Kind, "kind", out var kind, out problem) || !ApiWrites.TryParse<HideableField>(body.Field, "field", out var field, out problem))
        {
            return problem;
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await requests.RequestAsync(caller, new ItemRef(kind, body.Id), field, body.Reason, context.RequestAborted);
        return result.IsSuccess ? Results.Json(new CreatedDto(result.Value), ApiJson.Output, statusCode: 201) : ApiProblem.Of(result.Error!, caller);
    }

    private static async Task<IResult> RollBackAsync(HttpContext context, RollbackService rollbacks)
    {
        var (body, problem) = await ApiWrites.BodyAsync<RollbackBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await rollbacks.RollBackAsync(caller, new RollbackRequest(body!.User, body.From, body.To, body.Wiki, body.Reason), context.RequestAborted);
        return result.IsSuccess ? Results.Json(Dto(result.Value!), ApiJson.Output, statusCode: 201) : ApiProblem.Of(result.Error!, caller);
    }

    private static async Task<IResult> UndoAsync(long id, HttpContext context, RollbackService rollbacks)
    {
        var caller = ApiCaller.Of(context).Actor;
        var result = await rollbacks.UndoAsync(caller, id, context.RequestAborted);
        return result.IsSuccess ? ApiJson.Json(Dto(result.Value!)) : ApiProblem.Of(result.Error!, caller);
    }

    private static RollbackDto Dto(Rollback r) =>
        new(r.Id, r.UserId, r.From, r.To, r.Wiki, r.EndorsementsRemoved, r.ProposalsRemoved, r.PerformedAt, r.UndoneAt);
}
