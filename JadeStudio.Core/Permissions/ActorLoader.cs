using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Permissions;

/// <summary>Where one right of a user comes from.</summary>
public sealed record RightSource(RightSourceKind Kind, string Name, DateTimeOffset? Expiry);

public enum RightSourceKind
{
    Everyone,
    SignedIn,
    Group,
    WikiRight,
}

/// <summary>Turns "who claims to act" into current rights and blocks, read from the store each time.</summary>
/// <remarks>With a <see cref="WikiBlocks.WikiBlockCache"/>, the user's blocks on the wikis count like local ones, each on its wiki.</remarks>
public sealed class ActorLoader(PermissionOptions permissions, TimeProvider clock, WikiBlocks.WikiBlockCache? wikiBlocks = null)
{
    private Actor? _anonymous;

    /// <summary>Everyone's rights, without blocks; the same for every anonymous request, so built once.</summary>
    public Actor Anonymous => _anonymous ??= Actor.Anonymous(permissions.RightsOf([PermissionOptions.Everyone]));

    // Every command runs this first: compiled once per model instead of translated again per call, and one statement (on
    // PostgreSQL one round trip) for the user, their groups and their unlifted blocks. A single query on purpose: the two
    // collections of one user are a handful of rows each, so their product is small (and EF Core need not warn of it).
    private static readonly CompiledPerModel<Func<JadeDbContext, long, CancellationToken, Task<UserAndBlocks?>>> UserWithGroupsAndBlocks =
        new(() => EF.CompileAsyncQuery((JadeDbContext db, long userId, CancellationToken _) => db.Users.AsNoTracking().AsSingleQuery()
            .Where(u => u.Id == userId)
            .Select(u => new UserAndBlocks(u, u.Groups.ToList(), db.Blocks.Where(b => b.UserId == u.Id && b.LiftedAt == null).ToList()))
            .SingleOrDefault()));

    private sealed record UserAndBlocks(User User, List<UserGroupMembership> Groups, List<Block> Blocks);

    public async Task<Actor> LoadAsync(JadeDbContext db, ActorRef actor, CancellationToken cancellationToken = default)
    {
        var anonymous = Anonymous;
        if (actor.UserId is not { } userId)
        {
            return anonymous;
        }
        if (await UserWithGroupsAndBlocks.For(db)(db, userId, cancellationToken) is not { } found)
        {
            return anonymous;
        }
        var user = found.User;
        user.Groups = found.Groups;
        var now = clock.GetUtcNow();
        IReadOnlySet<Right> rights = Explain(user, now).Keys.ToHashSet();
        if (actor.RightLimit is { } limit)
        {
            rights = rights.Intersect(limit).ToHashSet();
        }
        var blocks = found.Blocks
            .Where(b => b.IsActiveAt(now))
            .Select(b => b.ToDetails())
            .ToList();
        if (wikiBlocks is not null)
        {
            blocks.AddRange(wikiBlocks.Seen(userId, user.Name));
        }
        if (user.WikiBlocked)
        {
            // Blocked on the wiki they sign in with: may read, may not write here either.
            blocks.Add(new BlockDetails(0, userId, true, [], [], [], null, "", 0, user.LastSignInAt, BlockSource.Wiki));
        }
        return new Actor(userId, rights, blocks);
    }

    /// <summary>Every right a user has now, each with where it comes from (groups, including expiry; wiki rights).</summary>
    public IReadOnlyDictionary<Right, IReadOnlyList<RightSource>> Explain(User user, DateTimeOffset now)
    {
        var sources = new Dictionary<Right, List<RightSource>>();
        void Add(IEnumerable<Right> rights, RightSource source)
        {
            foreach (var right in rights)
            {
                if (!sources.TryGetValue(right, out var list))
                {
                    sources[right] = list = [];
                }
                list.Add(source);
            }
        }
        Add(permissions.RightsOf([PermissionOptions.Everyone]), new RightSource(RightSourceKind.Everyone, PermissionOptions.Everyone, null));
        Add(permissions.RightsOf([PermissionOptions.SignedIn]), new RightSource(RightSourceKind.SignedIn, PermissionOptions.SignedIn, null));
        foreach (var membership in user.Groups.Where(m => m.IsActiveAt(now)))
        {
            Add(permissions.RightsOf([membership.Group]), new RightSource(RightSourceKind.Group, membership.Group, membership.Expiry));
        }
        foreach (var name in user.WikiRights.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Rights.TryParse(name, out var right))
            {
                Add([right], new RightSource(RightSourceKind.WikiRight, name, null));
            }
        }
        return sources.ToDictionary(s => s.Key, s => (IReadOnlyList<RightSource>)s.Value);
    }

    /// <summary>Loads the actor and refuses (rights, then blocks) by throwing <see cref="JadeException"/>.</summary>
    public async Task<Actor> RequireAsync(JadeDbContext db, ActorRef actor, Right right, BlockAction? action, BlockTarget target, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(db, actor, cancellationToken);
        Require(loaded, right, action, target);
        return loaded;
    }

    /// <summary>
    /// For administrative actions (blocks, deletion, suppression, rollback): the right, and no sitewide block
    /// (MediaWiki's rule: a sitewide-blocked administrator cannot act on others; a partial block does not stop it).
    /// </summary>
    public async Task<Actor> RequireAdministratorAsync(JadeDbContext db, ActorRef actor, Right right, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(db, actor, cancellationToken);
        RequireAdministrator(loaded, right);
        return loaded;
    }

    public static void RequireAdministrator(Actor actor, Right right)
    {
        Require(actor, right, null, BlockTarget.Site);
        if (actor.Blocks.FirstOrDefault(b => b.Sitewide) is { } own)
        {
            throw new JadeException(new JadeError.Blocked(own));
        }
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
