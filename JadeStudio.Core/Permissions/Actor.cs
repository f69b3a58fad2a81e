namespace JadeStudio.Core.Permissions;

/// <summary>
/// Who asks, as loaded for one command: current rights and active blocks, read fresh from the
/// store every time so a removed right or a new block refuses the very next mutation.
/// </summary>
public sealed record Actor(long? UserId, IReadOnlySet<Right> Rights, IReadOnlyList<BlockDetails> Blocks)
{
    public bool IsAnonymous => UserId is null;

    public bool Has(Right right) => Rights.Contains(right);

    public static Actor Anonymous(IReadOnlySet<Right> everyoneRights) => new(null, everyoneRights, []);
}

/// <summary>
/// Who a request claims to be: a user id, and for API tokens the rights the token was limited to
/// (a token never exceeds its owner's current rights).
/// </summary>
public sealed record ActorRef(long? UserId, IReadOnlySet<Right>? RightLimit = null)
{
    public static readonly ActorRef Anonymous = new((long?)null);

    public static ActorRef User(long userId) => new(userId);
}
