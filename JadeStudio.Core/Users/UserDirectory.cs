using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Users;

/// <summary>Finds and records users by their provider identity.</summary>
public sealed class UserDirectory(IDbContextFactory<JadeDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Records a successful sign-in: creates the user on first sign-in, otherwise keeps the same
    /// internal id and takes the provider's current name (the user may have been renamed).
    /// </summary>
    public async Task<User> RecordSignInAsync(string provider, string subject, string name, IReadOnlyCollection<string> groups, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var user = await db.Users.Include(u => u.Groups)
            .SingleOrDefaultAsync(u => u.Provider == provider && u.Subject == subject, cancellationToken);
        if (user is null)
        {
            user = new User { Provider = provider, Subject = subject, Name = name, CreatedAt = now };
            db.Users.Add(user);
        }
        user.Name = name;
        user.LastSignInAt = now;
        SyncGroups(user, groups, now);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    public async Task<User?> FindAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Include(u => u.Groups).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
    }

    /// <summary>Saves the user's interface language; null returns to following the browser.</summary>
    public async Task SetLanguageAsync(long userId, string? language, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
            ?? throw new KeyNotFoundException($"User {userId} does not exist.");
        user.Language = language;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void SyncGroups(User user, IReadOnlyCollection<string> groups, DateTimeOffset now)
    {
        user.Groups.RemoveAll(g => !groups.Contains(g.Group));
        foreach (var group in groups.Where(g => user.Groups.All(m => m.Group != g)))
        {
            user.Groups.Add(new UserGroupMembership { Group = group, GrantedAt = now });
        }
    }
}
