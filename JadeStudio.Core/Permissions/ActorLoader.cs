using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Permissions;

/// <summary>Turns "who claims to act" into current rights and blocks, read from the store each time.</summary>
public sealed class ActorLoader(PermissionOptions permissions, TimeProvider clock)
{
    public async Task<Actor> LoadAsync(JadeDbContext db, ActorRef actor, CancellationToken cancellationToken = default)
    {
        if (actor.UserId is not { } userId)
        {
            return Actor.Anonymous(permissions.RightsOf([PermissionOptions.Everyone]));
        }
        var groups = await db.UserGroupMemberships.Where(m => m.UserId == userId).Select(m => m.Group).ToListAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Actor.Anonymous(permissions.RightsOf([PermissionOptions.Everyone]));
        }
        IReadOnlySet<Right> rights = permissions.RightsOf([PermissionOptions.Everyone, PermissionOptions.SignedIn, .. groups]);
        if (actor.RightLimit is { } limit)
        {
            rights = rights.Intersect(limit).ToHashSet();
        }
        var now = clock.GetUtcNow();
        var blocks = (await db.Blocks.AsNoTracking().Where(b => b.UserId == userId && b.LiftedAt == null).ToListAsync(cancellationToken))
            .Where(b => b.IsActiveAt(now))
            .Select(b => b.ToDetails())
            .ToList();
        return new Actor(userId, rights, blocks);
    }

    /// <summary>Loads the actor and refuses (rights, then blocks) by throwing <see cref="JadeException"/>.</summary>
    public async Task<Actor> RequireAsync(JadeDbContext db, ActorRef actor, Right right, BlockAction? action, BlockTarget target, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(db, actor, cancellationToken);
        Require(loaded, right, action, target);
        return loaded;
    }

    public static void Require(Actor actor, Right right, BlockAction? action, BlockTarget target)
    {
        switch (PermissionManager.Check(actor, right, action, target))
        {
            case PermissionResult.Allowed:
                return;
            case PermissionResult.MissingRight missing:
                throw new JadeException(new JadeError.PermissionDenied(missing.Right));
            case PermissionResult.BlockedBy blocked:
                throw new JadeException(new JadeError.Blocked(blocked.Block));
            default:
                throw new InvalidOperationException("Unknown permission result.");
        }
    }
}
