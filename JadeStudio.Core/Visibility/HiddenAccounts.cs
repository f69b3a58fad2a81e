using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Visibility;

/// <summary>
/// Names carried by objects that are not JadeStudio's own items — the editor of a wiki edit, an editor field of an
/// uploaded task — are the same names as the accounts here: a hidden account (hideuser) is hidden on them too, by
/// the rule <see cref="Redaction.User"/> applies to a hidden account (seen only with <c>viewsuppressed</c>).
/// </summary>
public static class HiddenAccounts
{
    /// <summary>The user of this name, unless the account is hidden from the viewer: then, as for no such user, null.</summary>
    public static Task<long?> UserIdAsync(JadeDbContext db, string name, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken)
    {
        var seesHiddenAccounts = Redaction.CanSee(FieldVisibility.Suppressed, viewerRights);
        return db.Users.AsNoTracking().Where(u => u.Name == name && (seesHiddenAccounts || !u.Hidden)).Select(u => (long?)u.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The names among <paramref name="names"/> that <paramref name="viewerRights"/> may not see (empty for a viewer who sees suppressed names).</summary>
    public static async Task<IReadOnlySet<string>> AmongAsync(JadeDbContext db, IEnumerable<string> names, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken)
    {
        if (Redaction.CanSee(FieldVisibility.Suppressed, viewerRights))
        {
            return new HashSet<string>();
        }
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new HashSet<string>();
        }
        return (await db.Users.AsNoTracking().Where(u => u.Hidden && wanted.Contains(u.Name)).Select(u => u.Name).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
    }
}
