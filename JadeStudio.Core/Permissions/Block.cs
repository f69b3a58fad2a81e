namespace JadeStudio.Core.Permissions;

/// <summary>Actions a partial block can restrict. Reading is never blocked.</summary>
public enum BlockAction
{
    Judge,
    Comment,
    Upload,
    Campaigns,
}

public enum BlockProblem
{
    NoReason,
    PartialWithoutRestriction,
    ExpiryInPast,
    UnknownWiki,
    UnknownUser,
    /// <summary>An artifact id that is not a canonical id of a configured wiki (such a block would never apply).</summary>
    InvalidArtifact,
    /// <summary>Hiding a user is only done with an indefinite sitewide block (MediaWiki's rule).</summary>
    HideUserNeedsIndefiniteSitewide,
    /// <summary>More artifacts than <see cref="BlockService.MaxArtifacts"/>.</summary>
    TooManyArtifacts,
}

/// <summary>A stored block (MediaWiki-style): sitewide, or partial to wikis, artifacts and/or actions.</summary>
public sealed class Block
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public bool Sitewide { get; set; }

    /// <summary>Space-separated wiki ids; empty means any wiki.</summary>
    public string Wikis { get; set; } = "";

    /// <summary>Space-separated canonical artifact ids; empty means any artifact.</summary>
    public string Artifacts { get; set; } = "";

    /// <summary>Space-separated action names; empty means every action.</summary>
    public string Actions { get; set; } = "";

    /// <summary>null: indefinite.</summary>
    public DateTimeOffset? Expiry { get; set; }

    public string Reason { get; set; } = "";
    public long BlockedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>An indefinite sitewide block that also hides the user's name everywhere (hideuser).</summary>
    public bool HidesUser { get; set; }

    public DateTimeOffset? LiftedAt { get; set; }
    public long? LiftedById { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => LiftedAt is null && (Expiry is null || Expiry > now);

    public BlockDetails ToDetails() => new(
        Id, UserId, Sitewide, Split(Wikis), Split(Artifacts),
        Split(Actions).Select(a => Enum.Parse<BlockAction>(a, ignoreCase: true)).ToList(),
        Expiry, Reason, BlockedById, CreatedAt, HidesUser: HidesUser);

    public static string Join(IEnumerable<string> values) => string.Join(' ', values.Distinct().Order(StringComparer.Ordinal));

    private static List<string> Split(string values) => values.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>What a blocked user (and the API) is told about the block that refuses them.</summary>
/// <summary>Where a block comes from: JadeStudio's own blocks, or the user's block on the wiki they signed in with.</summary>
public enum BlockSource
{
    Local,
    Wiki,
}

public sealed record BlockDetails(
    long Id,
    long UserId,
    bool Sitewide,
    IReadOnlyList<string> Wikis,
    IReadOnlyList<string> Artifacts,
    IReadOnlyList<BlockAction> Actions,
    DateTimeOffset? Expiry,
    string Reason,
    long BlockedById,
    DateTimeOffset CreatedAt,
    BlockSource Source = BlockSource.Local,
    bool HidesUser = false)
{
    /// <summary>Does this block stop this action on this target? Partial restrictions combine: every given dimension must match.</summary>
    public bool Applies(BlockAction action, BlockTarget target) =>
        Sitewide ||
        ((Wikis.Count == 0 || (target.Wiki is not null && Wikis.Contains(target.Wiki))) &&
         (Artifacts.Count == 0 || (target.Artifact is not null && Artifacts.Contains(target.Artifact))) &&
         (Actions.Count == 0 || Actions.Contains(action)));
}

/// <summary>Where an action happens: a wiki and/or one artifact (canonical id); both null for site-level actions.</summary>
public sealed record BlockTarget(string? Wiki, string? Artifact)
{
    public static readonly BlockTarget Site = new(null, null);
}
