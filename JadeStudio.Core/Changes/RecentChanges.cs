using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Changes;

/// <summary>One page of changes, newest first. <see cref="OlderThan"/> continues with older ones (null: none left).</summary>
public sealed record ChangePage(IReadOnlyList<FeedEvent> Items, long? OlderThan)
{
    public static readonly ChangePage Empty = new([], null);
}

/// <summary>
/// Recent changes and a user's contributions (MediaWiki's Special:RecentChanges and Special:Contributions) over the event
/// log, filtered in the store. Only public events are listed; every name and text goes through the feed's redaction, and
/// filters on the performer (name, bot, experience) only match performers the viewer may see, so a filter can never tell
/// who is behind a hidden name.
/// </summary>
public sealed class RecentChanges(IDbContextFactory<JadeDbContext> contexts, IDatabaseStore store, PermissionOptions permissions, TimeProvider clock)
{
    private static readonly IReadOnlySet<ChangeKind> AllKinds = Enum.GetValues<ChangeKind>().ToHashSet();

    /// <param name="olderThan">Continue a list after its last row.</param>
    /// <param name="newerThan">Only rows committed after this one (a live list asking what is new).</param>
    /// <param name="wholeActions">A page shown as lines (<see cref="ChangeLines.Page"/>); the API's pages are rows.</param>
    public async Task<ChangePage> ReadAsync(ChangeFilter filter, Actor viewer, long? olderThan = null, long? newerThan = null, bool wholeActions = false,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var types = (filter.Kinds.Count > 0 ? filter.Kinds : AllKinds).SelectMany(ChangeKinds.TypesOf).ToList();
        var events = db.Events.AsNoTracking().Where(e => e.Audience == EventAudience.Public && types.Contains(e.Type));
        if (filter.Days is { } days)
        {
            var since = now - TimeSpan.FromDays(days);
            events = events.Where(e => e.At >= since);
        }
        if (olderThan is { } before)
        {
            events = events.Where(e => e.Seq < before);
        }
        if (newerThan is { } after)
        {
            events = events.Where(e => e.Seq > after);
        }
        if (filter.Wiki is { } wiki)
        {
            events = events.Where(e => e.Wiki == wiki);
        }

        // The performer's attributes count only where the viewer may see who the performer is.
        var seenLevels = new[] { FieldVisibility.Visible, FieldVisibility.Deleted, FieldVisibility.Suppressed }.Where(l => Redaction.CanSee(l, viewer.Rights)).ToList();
        var seesHiddenAccounts = Redaction.CanSee(FieldVisibility.Suppressed, viewer.Rights);
        var shownPerformers = db.Users.Where(u => seesHiddenAccounts || !u.Hidden).Select(u => u.Id);
        System.Linq.Expressions.Expression<Func<StoredEvent, bool>> performerKnown =
            e => e.ActorId != null && seenLevels.Contains(e.ActorVisibility) && shownPerformers.Contains(e.ActorId.Value);

        if (filter.User is { } name)
        {
            var userId = await HiddenAccounts.UserIdAsync(db, name, viewer.Rights, cancellationToken);
            if (userId is null)
            {
                return ChangePage.Empty;
            }
            events = events.Where(performerKnown).Where(e => e.ActorId == userId);
        }
        if (filter.HideMyself && viewer.UserId is { } me)
        {
            events = events.Where(e => e.ActorId != me);
        }

        if (filter.HideBots && filter.HideHumans)
        {
            return ChangePage.Empty;
        }
        var bots = BotIds(db, now);
        if (filter.HideBots)
        {
            events = events.Where(e => e.ActorId == null || !seenLevels.Contains(e.ActorVisibility) || !shownPerformers.Contains(e.ActorId.Value) || !bots.Contains(e.ActorId.Value));
        }
        if (filter.HideHumans)
        {
            events = events.Where(performerKnown).Where(e => bots.Contains(e.ActorId!.Value));
        }
        if (filter.Experience.Count > 0 && filter.Experience.Count < 3)
        {
            var experienced = ExperiencedIds(db, now, filter.Experience);
            events = events.Where(performerKnown).Where(e => experienced.Contains(e.ActorId!.Value));
        }
        if (filter.OnlyDisputed)
        {
            events = events.Where(e => e.ArtifactId != null && db.Proposals.Any(p => p.ArtifactId == e.ArtifactId && !p.Preferred));
        }
        if (filter.OnlyWithoutPreferred)
        {
            events = events.Where(e => e.ArtifactId != null && !db.Proposals.Any(p => p.ArtifactId == e.ArtifactId && p.Preferred));
        }

        var rows = await events.OrderByDescending(e => e.Seq).Take(ChangeLines.RowsToRead(filter.Limit, wholeActions)).ToListAsync(cancellationToken);
        return ChangeLines.Page(await EventFeed.ResolveAsync(db, store.EventReads, rows, viewer, cancellationToken), filter.Limit, wholeActions);
    }

    /// <summary>
    /// The rows a list shows, from <paramref name="newest"/> down to <paramref name="oldest"/> (sequence numbers), read
    /// again for the viewer: a name or text hidden since is hidden, a row the filter no longer matches is gone.
    /// </summary>
    public async Task<IReadOnlyList<FeedEvent>> ReadAgainAsync(ChangeFilter filter, Actor viewer, long newest, long oldest, CancellationToken cancellationToken = default)
    {
        var rows = new List<FeedEvent>();
        long? olderThan = newest + 1;
        while (olderThan is { } before)
        {
            var page = await ReadAsync(filter, viewer, olderThan: before, newerThan: oldest - 1, wholeActions: true, cancellationToken);
            rows.AddRange(page.Items);
            olderThan = page.OlderThan;
        }
        return rows;
    }

    /// <summary>
    /// The name of the user this name leads to, as their account stores it (<c>dev_Reviewer</c> leads to "Dev Reviewer"),
    /// or null when there is none for this viewer (a hidden account is unknown without <c>viewsuppressed</c>).
    /// </summary>
    public async Task<string?> KnownNameAsync(string name, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await HiddenAccounts.FindAsync(db, name, viewer.Rights, cancellationToken))?.Name;
    }

    /// <summary>Users who hold the <c>bot</c> right now: through a group (active), everyone's groups, or their wiki rights.</summary>
    private IQueryable<long> BotIds(JadeDbContext db, DateTimeOffset now)
    {
        var botName = Rights.NameOf(Right.Bot);
        var botGroups = permissions.Groups.Where(g => g.Value.Contains(botName)).Select(g => g.Key).ToList();
        if (botGroups.Contains(PermissionOptions.Everyone) || botGroups.Contains(PermissionOptions.SignedIn))
        {
            return db.Users.Select(u => u.Id);
        }
        var wikiRight = " " + botName + " ";
        return db.Users.Where(u =>
                (" " + u.WikiRights + " ").Contains(wikiRight)
                || db.UserGroupMemberships.Any(m => m.UserId == u.Id && botGroups.Contains(m.Group) && (m.Expiry == null || m.Expiry > now)))
            .Select(u => u.Id);
    }

    /// <summary>MediaWiki's levels, from the wiki's edit count and registration, JadeStudio's first sign-in when the wiki's is unknown.</summary>
    private static IQueryable<long> ExperiencedIds(JadeDbContext db, DateTimeOffset now, IReadOnlySet<ExperienceLevel> levels)
    {
        var newcomerAfter = now - TimeSpan.FromDays(4);
        var experiencedBefore = now - TimeSpan.FromDays(30);
        var newcomers = levels.Contains(ExperienceLevel.Newcomer);
        var learners = levels.Contains(ExperienceLevel.Learner);
        var experienced = levels.Contains(ExperienceLevel.Experienced);
        return db.Users.Select(u => new { u.Id, Edits = u.WikiEditCount ?? 0, RegisteredAt = u.WikiRegisteredAt ?? u.CreatedAt })
            .Select(u => new { u.Id, Newcomer = u.Edits < 10 || u.RegisteredAt > newcomerAfter, Experienced = u.Edits >= 500 && u.RegisteredAt <= experiencedBefore })
            .Where(u => (newcomers && u.Newcomer) || (experienced && u.Experienced) || (learners && !u.Newcomer && !u.Experienced))
            .Select(u => u.Id);
    }
}
