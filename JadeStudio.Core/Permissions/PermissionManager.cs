namespace JadeStudio.Core.Permissions;

/// <summary>The outcome of a permission check.</summary>
public abstract record PermissionResult
{
    private PermissionResult()
    {
    }

    public sealed record Allowed : PermissionResult;

    public sealed record MissingRight(Right Right) : PermissionResult;

    public sealed record BlockedBy(BlockDetails Block) : PermissionResult;

    public static readonly Allowed Yes = new();
}

/// <summary>
/// The one place that answers "may this actor do this here": rights first, then blocks (DESIGN.md §5).
/// The UI uses it to decide what to show; services call it again on every mutation.
/// </summary>
public static class PermissionManager
{
    public static PermissionResult Check(Actor actor, Right right, BlockAction? action, BlockTarget target)
    {
        if (!actor.Has(right))
        {
            return new PermissionResult.MissingRight(right);
        }
        if (action is { } blockable && actor.Blocks.FirstOrDefault(block => block.Applies(blockable, target)) is { } block)
        {
            return new PermissionResult.BlockedBy(block);
        }
        return PermissionResult.Yes;
    }

    public static bool Can(Actor actor, Right right, BlockAction? action, BlockTarget target) =>
        Check(actor, right, action, target) is PermissionResult.Allowed;
}
