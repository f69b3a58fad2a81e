using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Users;

/// <summary>Finds and records users by their provider identity.</summary>
public sealed class UserDirectory(CommandWriter writer, IDbContextFactory<JadeDbContext> contexts, WikiRightsMap? wikiRights = null)
{
    private readonly WikiRightsMap _wikiRights = wikiRights ?? WikiRightsMap.Defaults();

    /// <summary>
    /// Records a successful sign-in. The first sign-in creates the user with <paramref name="initialGroups"/>
    /// (later changes are the group managers'); every sign-in keeps the internal id and takes the provider's
    /// current name (a rename) and, from a wiki profile, its mapped rights and block state.
    /// </summary>
    public async Task<User> RecordSignInAsync(string provider, string subject, string name, IReadOnlyCollection<string> initialGroups, ExternalProfile? profile = null, CancellationToken cancellationToken = default) =>
        (await writer.ExecuteAsync(async context =>
        {
            var user = await context.Db.Users.Include(u => u.Groups)
                .SingleOrDefaultAsync(u => u.Provider == provider && u.Subject == subject, cancellationToken);
            if (user is null)
            {
                user = new User { Provider = provider, Subject = subject, Name = name, CreatedAt = context.Now };
                user.Groups.AddRange(initialGroups.Distinct().Select(g => new UserGroupMembership { Group = g, GrantedAt = context.Now }));
                context.Db.Users.Add(user);
            }
            user.Name = name;
            user.LastSignInAt = context.Now;
            if (profile is not null)
            {
                var grants = _wikiRights.Grants(profile.WikiRights);
                user.WikiRights = string.Join(' ', grants.Keys.Select(Rights.NameOf).Order(StringComparer.Ordinal));
                user.WikiRightNames = string.Join(' ', profile.WikiRights.Distinct().Order(StringComparer.Ordinal));
                user.WikiBlocked = profile.Blocked;
                user.WikiEditCount = profile.EditCount;
                user.WikiRegisteredAt = profile.Registered;
            }
            await context.Db.SaveChangesAsync(cancellationToken);
            return user;
        }, cancellationToken)).OrThrow();

    public async Task<User?> FindAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Include(u => u.Groups).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
    }

    /// <summary>
    /// Users whose name starts with the text, for pickers (names are data; ids identify). The text is read as a wiki
    /// reads a name, as MediaWiki's list of users reads a prefix: underscores are spaces and the first letter may be
    /// typed in lower case; the rest is compared exactly, alike on both stores (SQLite's LIKE ignores ASCII case,
    /// PostgreSQL's does not, so the comparison is of the names' first characters).
    /// </summary>
    public async Task<IReadOnlyList<User>> SearchAsync(string prefix, int limit = 20, CancellationToken cancellationToken = default)
    {
        var typed = UserNames.Normalize(prefix);
        if (typed.Length == 0)
        {
            return [];
        }
        string[] starts = [typed, UserNames.Canonical(typed)];
        // Both stores count a text's characters by code point, as runes do.
        var length = typed.EnumerateRunes().Count();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => !u.Hidden && starts.Contains(u.Name.Substring(0, length))).OrderBy(u => u.Name).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The user of this name as <paramref name="viewer"/> may know them (a hidden account is unknown without
    /// <c>viewsuppressed</c>), the name read as a wiki reads it (<see cref="UserNames"/>); null when there is none.
    /// </summary>
    public async Task<long?> IdOfAsync(string name, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Visibility.HiddenAccounts.UserIdAsync(db, name, viewer.Rights, cancellationToken);
    }

    /// <summary>Saves the user's interface language; null returns to following the browser.</summary>
    public Task SetLanguageAsync(long userId, string? language, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, user => user.Language = language, cancellationToken);

    /// <summary>Saves the user's light/dark choice; null returns to following the browser.</summary>
    public Task SetThemeAsync(long userId, ThemeChoice? theme, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, user => user.Theme = theme, cancellationToken);

    /// <summary>Saves the labeling keys the user remapped; the defaults are stored as null.</summary>
    public Task SetKeyBindingsAsync(long userId, KeyBindings bindings, CancellationToken cancellationToken = default) =>
        UpdateAsync(userId, user => user.KeyBindings = bindings.IsDefault ? null : bindings.Serialize(), cancellationToken);

    private async Task UpdateAsync(long userId, Action<User> change, CancellationToken cancellationToken) =>
        (await writer.ExecuteAsync(async context =>
        {
            var user = await context.Db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("user"));
            change(user);
            return true;
        }, cancellationToken)).OrThrow();
}
