namespace JadeStudio.Core.Users;

/// <summary>
/// A person known to JadeStudio. The internal <see cref="Id"/> is what everything else stores;
/// the identity is (<see cref="Provider"/>, <see cref="Subject"/>) — an OAuth <c>sub</c>, never a
/// name — so a rename on the wiki keeps the same user.
/// </summary>
public sealed class User
{
    /// <summary>The longest user name stored (MediaWiki's 255).</summary>
    public const int MaxNameLength = 255;

    /// <summary>The longest provider identity stored (OpenID Connect's <c>sub</c> is at most 255 ASCII characters).</summary>
    public const int MaxSubjectLength = 255;

    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string Subject { get; set; }
    public required string Name { get; set; }

    /// <summary>The interface language the user chose, or null to follow the browser.</summary>
    public string? Language { get; set; }

    /// <summary>Light or dark interface, or null to follow the browser's colour scheme.</summary>
    public ThemeChoice? Theme { get; set; }

    /// <summary>The labeling view's keys the user remapped (see <see cref="KeyBindings"/>), or null for the defaults.</summary>
    public string? KeyBindings { get; set; }

    /// <summary>JadeStudio rights mapped from the wiki rights at the last sign-in (space-separated), see WikiRightsMap.</summary>
    public string WikiRights { get; set; } = "";

    /// <summary>The wiki rights themselves as last reported, for "where does this right come from".</summary>
    public string WikiRightNames { get; set; } = "";

    /// <summary>Blocked on the wiki at the last sign-in: may read, may not write.</summary>
    public bool WikiBlocked { get; set; }

    public long? WikiEditCount { get; set; }
    public DateTimeOffset? WikiRegisteredAt { get; set; }

    /// <summary>Hidden account (hideuser): the name is suppressed on every item for everyone without viewsuppressed.</summary>
    public bool Hidden { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSignInAt { get; set; }

    public List<UserGroupMembership> Groups { get; set; } = [];
}

/// <summary>Membership of a user in a local group; rights come from groups through configuration.</summary>
public sealed class UserGroupMembership
{
    public long UserId { get; set; }
    public required string Group { get; set; }
    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>null: no end.</summary>
    public DateTimeOffset? Expiry { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => Expiry is null || Expiry > now;
}
