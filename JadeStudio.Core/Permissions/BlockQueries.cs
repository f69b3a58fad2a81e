using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Permissions;

/// <summary>One active block as a viewer may see it.</summary>
public sealed record ActiveBlock(BlockDetails Details, RedactedUser User, RedactedUser BlockedBy);

/// <summary>The block list, as MediaWiki's Special:BlockList: every block in force, newest first.</summary>
public sealed class BlockQueries(IDbContextFactory<JadeDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<ActiveBlock>> ActiveAsync(Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var blocks = (await db.Blocks.AsNoTracking().Where(b => b.LiftedAt == null).ToListAsync(cancellationToken))
            .Where(b => b.IsActiveAt(now))
            .OrderByDescending(b => b.CreatedAt)
            .ToList();
        var userIds = blocks.Select(b => b.UserId).Concat(blocks.Select(b => b.BlockedById)).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        RedactedUser Name(long id) => Redaction.User(id, users[id].Name, FieldVisibility.Visible, users[id].Hidden, viewer.Rights);
        // As on MediaWiki, the block of a hidden user is not listed at all for those who may not see the name.
        return blocks.Select(b => new ActiveBlock(b.ToDetails(), Name(b.UserId), Name(b.BlockedById))).Where(b => !b.User.Hidden).ToList();
    }
}
