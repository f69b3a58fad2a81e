namespace JadeStudio.Core.Users;

/// <summary>
/// A person known to JadeStudio. The internal <see cref="Id"/> is what everything else stores;
/// the identity is (<see cref="Provider"/>, <see cref="Subject"/>) — an OAuth <c>sub</c>, never a
/// name — so a rename on the wiki keeps the same user.
/// </summary>
public sealed class User
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string Subject { get; set; }
    public required string Name { get; set; }

    /// <summary>The interface language the user chose, or null to follow the browser.</summary>
    public string? Language { get; set; }

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
}
