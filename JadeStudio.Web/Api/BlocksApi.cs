using JadeStudio.Core.Permissions;

namespace JadeStudio.Web.Api;

public sealed class BlockBody
{
    /// <summary>The user id to block.</summary>
    public required long User { get; init; }

    /// <summary>true: everything everywhere. false: only the given wikis, artifacts and actions (each given dimension must match).</summary>
    public required bool Sitewide { get; init; }

    public IReadOnlyList<string> Wikis { get; init; } = [];

    /// <summary>Artifact ids such as enwiki/diff/12345.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    /// <summary>judge, comment, upload, campaigns …</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Absent: indefinite.</summary>
    public DateTimeOffset? Expiry { get; init; }

    public required string Reason { get; init; }

    /// <summary>Also hide the user's name everywhere (right hideuser; sitewide and indefinite only).</summary>
    public bool HideUser { get; init; }
}

public sealed class ReasonBody
{
    public required string Reason { get; init; }
}

public sealed record BlockDto(long Id, UserDto User, bool Sitewide, IReadOnlyList<string> Wikis, IReadOnlyList<string> Artifacts, IReadOnlyList<string> Actions,
    DateTimeOffset? Expiry, string Reason, UserDto BlockedBy, DateTimeOffset CreatedAt, bool HidesUser);

/// <summary>/api/v1/blocks: the block list, placing and lifting blocks, with the same rules and logs as the Blocks page.</summary>
public static class BlocksApi
{
    public static RouteGroupBuilder MapBlocksApi(this RouteGroupBuilder api)
    {
        var blocks = api.MapGroup("/blocks").WithTags("Blocks");
        blocks.MapGet("", ListAsync).WithName("listBlocks")
            .WithSummary("Every block in force, newest first (blocks that hide a user only for hideuser).").Produces<List<BlockDto>>();
        blocks.MapPost("", PlaceAsync).WithName("placeBlock")
            .WithSummary("Block a user sitewide or partially (wikis, artifacts, actions), until an expiry or indefinitely (right block; hiding the user needs hideuser).")
            .Accepts<BlockBody>("application/json").Produces<BlockDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        blocks.MapPost("/{id:long}/lift", LiftAsync).WithName("liftBlock")
            .WithSummary("Lift a block, with a reason (right block; a block that hides the user needs hideuser).")
            .Accepts<ReasonBody>("application/json").Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext context, BlockQueries queries)
    {
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        return ApiJson.Json((await queries.ActiveAsync(viewer, context.RequestAborted)).Select(Dto).ToList());
    }

    private static async Task<IResult> PlaceAsync(HttpContext context, BlockService blocks, BlockQueries queries, Core.Users.UserDirectory users)
    {
        var (body, problem) = await ApiWrites.BodyAsync<BlockBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        if ((ApiWrites.NullItem("wikis", body!.Wikis) ?? ApiWrites.NullItem("artifacts", body.Artifacts) ?? ApiWrites.NullItem("actions", body.Actions)) is { } refused)
        {
            return refused;
        }
        var actions = new List<BlockAction>();
        foreach (var name in body.Actions)
        {
            if (!ApiWrites.TryParse<BlockAction>(name, "actions", out var action, out problem))
            {
                return problem;
            }
            actions.Add(action);
        }
        var caller = ApiCaller.Of(context).Actor;
        var result = await blocks.BlockAsync(caller, new BlockRequest(body.User, body.Sitewide, body.Wikis, body.Artifacts, actions, body.Expiry, body.Reason, body.HideUser), context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, caller);
        }
        // Read back through the block list, so names pass the redaction for this caller; a block the caller
        // may place but not read (hiding a user, without viewsuppressed) answers with the user hidden.
        var placed = (await queries.ActiveAsync(await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted)).SingleOrDefault(b => b.Details.Id == result.Value!.Id)
            ?? new ActiveBlock(result.Value!, new(null, null, true, Core.Visibility.FieldVisibility.Suppressed),
                new(caller.UserId, (await users.FindAsync(caller.UserId!.Value, context.RequestAborted))?.Name, false, Core.Visibility.FieldVisibility.Visible));
        return ApiJson.Json(Dto(placed), StatusCodes.Status201Created);
    }

    private static Task<IResult> LiftAsync(long id, HttpContext context, BlockService blocks) =>
        ApiWrites.NoContentAsync<ReasonBody, long>(context, (caller, body) => blocks.UnblockAsync(caller, id, body.Reason, context.RequestAborted));

    private static BlockDto Dto(ActiveBlock block) => new(block.Details.Id, ApiModels.User(block.User), block.Details.Sitewide, block.Details.Wikis, block.Details.Artifacts,
        block.Details.Actions.Select(a => ApiProblem.Camel(a.ToString())).ToList(), block.Details.Expiry, block.Details.Reason, ApiModels.User(block.BlockedBy),
        block.Details.CreatedAt, block.Details.HidesUser);
}
