using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Visibility;

/// <summary>
/// Names carried by objects that are not JadeStudio's own items — the editor of a wiki edit, an editor field of an
/// uploaded task — are the same names as the accounts here: a hidden account (hideuser) is hidden on them too, by
/// the rule <see cref="Redaction.User"/> applies to a hidden account (seen only with <c>viewsuppressed</c>).
/// </summary>
public static class HiddenAccounts
{
    /// <summary>
    /// The user of this name, unless the account is hidden from the viewer: then, as for no such user, null. The name
    /// is read as MediaWiki reads it (<see cref="UserNames"/>); an account stored exactly as written comes first.
    /// </summary>
    public static async Task<(long Id, string Name)?> FindAsync(JadeDbContext db, string name, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken)
    {
        var seesHiddenAccounts = Redaction.CanSee(FieldVisibility.Suppressed, viewerRights);
        var forms = UserNames.StoredFormsOf(name);
        var found = await db.Users.AsNoTracking().Where(u => forms.Contains(u.Name) && (seesHiddenAccounts || !u.Hidden))
            .Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        return forms.Select(form => found.FirstOrDefault(u => u.Name == form)).Where(u => u is not null).Select(u => ((long, string)?)(u!.Id, u.Name)).FirstOrDefault();
    }

    /// <summary>The id of the user <see cref="FindAsync"/> finds.</summary>
    public static async Task<long?> UserIdAsync(JadeDbContext db, string name, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken) =>
        (await FindAsync(db, name, viewerRights, cancellationToken))?.Id;

    /// <summary>The names among <paramref name="names"/> that <paramref name="viewerRights"/> may not see (empty for a viewer who sees suppressed names).</summary>
    public static async Task<IReadOnlySet<string>> AmongAsync(JadeDbContext db, IEnumerable<string> names, IReadOnlySet<Right> viewerRights, CancellationToken cancellationToken)
    {
        if (Redaction.CanSee(FieldVisibility.Suppressed, viewerRights))
        {
            return new HashSet<string>();
        }
        // A name hides when it is a hidden account's name as written or as a wiki spells it ("jane_Doe" is "Jane Doe").
        var written = names.Distinct(StringComparer.Ordinal).ToDictionary(name => name, UserNames.StoredFormsOf, StringComparer.Ordinal);
        if (written.Count == 0)
        {
            return new HashSet<string>();
        }
        var forms = written.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal).ToList();
        var hidden = (await db.Users.AsNoTracking().Where(u => u.Hidden && forms.Contains(u.Name)).Select(u => u.Name).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        return written.Where(name => name.Value.Any(hidden.Contains)).Select(name => name.Key).ToHashSet(StringComparer.Ordinal);
    }
}
