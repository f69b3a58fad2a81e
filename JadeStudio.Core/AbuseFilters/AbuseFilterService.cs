using JadeStudio.Core.Commands;
using JadeStudio.Core.Text;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.AbuseFilters;

/// <summary>A filter as a viewer may see it: a private filter's conditions only with <c>abusefilter-view-private</c>.</summary>
public sealed record FilterView(AbuseFilter Filter, bool ConditionsHidden, int Hits);

/// <summary>Which hits of the abuse log to read: one filter's, one user's, those older than a hit.</summary>
public sealed record AbuseLogQuery(long? FilterId = null, string? User = null, long? OlderThan = null, int Limit = 100);

/// <summary>One page of the abuse log; <see cref="OlderThan"/> reads the next (null: this was the last).</summary>
public sealed record AbuseLogHits(IReadOnlyList<FilterHitView> Hits, long? OlderThan);

/// <summary>One line of the abuse log as a viewer may see it (the text and a private filter's description only with the right).</summary>
public sealed record FilterHitView(long Id, long FilterId, string? FilterDescription, RedactedUser User, TextAction TextAction, string? Wiki, string? Artifact,
    FilterOutcome Outcome, string? Text, DateTimeOffset At);

/// <summary>A recent text a draft filter would have matched.</summary>
public sealed record FilterTestMatch(DateTimeOffset At, RedactedUser Author, TextAction TextAction, string? Wiki, RedactedText Text);

/// <summary>A refusal decided inside a command: the command rolls back, the hits and any block are stored by a command of their own.</summary>
public sealed class AbuseFilterRefusal(JadeError error, IReadOnlyList<AbuseFilterHit> hits, Block? block) : Exception(error.Code)
{
    public JadeError Error { get; } = error;
    public IReadOnlyList<AbuseFilterHit> Hits { get; } = hits;
    public Block? Block { get; } = block;
}

/// <summary>
/// MediaWiki's AbuseFilter for every free text users write: filters are screened inside each command that saves a text
/// (so the API and the pages cannot differ), their matches go to the abuse log, and editors test a rule against recent
/// texts before saving it.
/// </summary>
public sealed class AbuseFilterService(CommandWriter writer, ActorLoader actors, WikiCatalog wikis, IDbContextFactory<JadeDbContext> contexts, TimeProvider clock)
{
    private const string SystemProvider = "system";
    private const string SystemSubject = "abusefilter";

    /// <summary>The name blocks by filters are placed under (as MediaWiki's "Abuse filter" user).</summary>
    public const string SystemUserName = "Abuse filter";

    /// <summary>How long a warning lets the same text through.</summary>
    public static readonly TimeSpan WarningLasts = TimeSpan.FromHours(1);

    /// <summary>The longest block a filter gives: ten years (a longer one is a sysop's indefinite block, not a filter's).</summary>
    public const int MaxBlockHours = 87_660;

    // Every text a command saves is screened: compiled once per model, not translated again per text.
    private static readonly CompiledPerModel<Func<JadeDbContext, IAsyncEnumerable<AbuseFilter>>> EnabledFilters =
        new(() => EF.CompileAsyncQuery<JadeDbContext, AbuseFilter>(db => db.AbuseFilters.AsNoTracking().Where(f => f.Enabled).OrderBy(f => f.Id)));

    /// <summary>Screens a text inside a command. Refusals throw <see cref="AbuseFilterRefusal"/>; tags and counted hits go with the command.</summary>
    public async Task ScreenAsync(CommandContext context, Actor who, FilterInput input, CancellationToken cancellationToken)
    {
        if (who.UserId is not { } userId || string.IsNullOrWhiteSpace(input.Text))
        {
            return;
        }
        var filters = await EnabledFilters.For(context.Db)(context.Db).ToListAsync(cancellationToken);
        var hits = new List<AbuseFilterHit>();
        // A refused text exists only here, so its hits keep it (for abusefilter-view-private); see below for a saved one.
        AbuseFilterHit Hit(AbuseFilter filter, FilterOutcome outcome) => new()
        {
            FilterId = filter.Id,
            UserId = userId,
            TextAction = input.Action,
            Wiki = input.Wiki,
            Artifact = input.Artifact,
            Outcome = outcome,
            Text = input.Text,
            At = context.Now,
        };
        if (filters.Count > 0)
        {
            var author = await AuthorAsync(context.Db, who, context.Now, filters.Max(f => f.MaxJudgments) ?? 0, cancellationToken);
            foreach (var filter in filters.Where(f => FilterRule.Matches(f, input, author)))
            {
                switch (filter.Action)
                {
                    case FilterAction.Warn:
                        var warnedBefore = context.Now - WarningLasts;
                        if (await context.Db.AbuseFilterHits.AnyAsync(h => h.FilterId == filter.Id && h.UserId == userId && h.Outcome == FilterOutcome.Warned && h.At >= warnedBefore && h.Text == input.Text, cancellationToken))
                        {
                            hits.Add(Hit(filter, FilterOutcome.WarnedThenSaved));
                            break;
                        }
                        throw new AbuseFilterRefusal(new JadeError.AbuseFilterWarning(filter.Id, filter.Description), [.. hits, Hit(filter, FilterOutcome.Warned)], null);
                    case FilterAction.Disallow:
                        throw new AbuseFilterRefusal(new JadeError.AbuseFilterDisallowed(filter.Id, filter.Description), [.. hits, Hit(filter, FilterOutcome.Disallowed)], null);
                    case FilterAction.Tag:
                        context.Tag(filter.Tag ?? "abusefilter-" + filter.Id);
                        hits.Add(Hit(filter, FilterOutcome.Tagged));
                        break;
                    case FilterAction.Throttle:
                        var window = TimeSpan.FromSeconds(filter.ThrottleSeconds ?? 60);
                        var since = context.Now - window;
                        var counted = await context.Db.AbuseFilterHits.Where(h => h.FilterId == filter.Id && h.UserId == userId && h.Outcome == FilterOutcome.Counted && h.At > since)
                            .Select(h => h.At).ToListAsync(cancellationToken);
                        if (counted.Count >= (filter.ThrottleCount ?? 1))
                        {
                            var retryAfter = counted.Min() + window - context.Now;
                            throw new AbuseFilterRefusal(new JadeError.RateLimited(Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))), [.. hits, Hit(filter, FilterOutcome.Throttled)], null);
                        }
                        hits.Add(Hit(filter, FilterOutcome.Counted));
                        break;
                    case FilterAction.Block:
                        var block = new Block
                        {
                            UserId = userId,
                            Sitewide = true,
                            // Capped here too: a filter saved before the cap could hold hours past the calendar's end.
                            Expiry = context.Now.AddHours(Math.Min(filter.BlockHours ?? 24, MaxBlockHours)),
                            Reason = filter.Private ? $"Abuse filter #{filter.Id}" : $"Abuse filter #{filter.Id}: {filter.Description}",
                            CreatedAt = context.Now,
                        };
                        throw new AbuseFilterRefusal(new JadeError.Blocked(block.ToDetails()), [.. hits, Hit(filter, FilterOutcome.Blocked)], block);
                    default:
                        throw new ArgumentOutOfRangeException(nameof(input), filter.Action, "Every filter action needs handling.");
                }
            }
        }
        // The text is saved now, on its item, where deleting or suppressing it must hide it: the log keeps no copy of it, and
        // the copies its author was refused before (a warning heeded, a filter changed since) go too. Each of these hits names
        // the author at this save, and is hidden with it (see the log). In the command's transaction: if the save fails, they stay.
        await context.Db.AbuseFilterHits.Where(h => h.UserId == userId && h.SavedAt == null && h.Text == input.Text)
            .ExecuteUpdateAsync(h => h.SetProperty(x => x.Text, "").SetProperty(x => x.SavedAt, context.Now), cancellationToken);
        foreach (var hit in hits)
        {
            hit.Text = "";
            hit.SavedAt = context.Now;
        }
        context.Db.AbuseFilterHits.AddRange(hits);
    }

    /// <summary>Runs a command that screens texts: a refusal is logged (and its block placed) by a command of its own, then returned.</summary>
    public async Task<Result<T>> GuardAsync<T>(Task<Result<T>> running)
    {
        try
        {
            return await running;
        }
        catch (AbuseFilterRefusal refusal)
        {
            var recorded = await writer.ExecuteAsync(async context =>
            {
                if (refusal.Block is { } block)
                {
                    block.BlockedById = await SystemUserIdAsync(context);
                    await BlockService.PlaceAsync(context, block, CancellationToken.None);
                }
                foreach (var hit in refusal.Hits)
                {
                    hit.At = context.Now;
                }
                context.Db.AbuseFilterHits.AddRange(refusal.Hits);
                await context.Db.SaveChangesAsync();
                return refusal.Block?.ToDetails();
            });
            return recorded.Value is { } placed && refusal.Error is JadeError.Blocked ? new JadeError.Blocked(placed) : refusal.Error;
        }
    }

    private static async Task<long> SystemUserIdAsync(CommandContext context)
    {
        var user = await context.Db.Users.SingleOrDefaultAsync(u => u.Provider == SystemProvider && u.Subject == SystemSubject);
        if (user is null)
        {
            user = new User { Provider = SystemProvider, Subject = SystemSubject, Name = SystemUserName, CreatedAt = context.Now, LastSignInAt = context.Now };
            context.Db.Users.Add(user);
            await context.Db.SaveChangesAsync();
        }
        return user.Id;
    }

    /// <param name="judgmentsUpTo">
    /// The largest "fewer than N judgments" of the filters: the author's judgments are counted up to it and no further,
    /// which changes no filter's answer, where counting them all would cost a prolific user's every write a scan of all
    /// they ever judged (none when no filter asks).
    /// </param>
    private static async Task<FilterAuthor> AuthorAsync(JadeDbContext db, Actor who, DateTimeOffset now, int judgmentsUpTo, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == who.UserId).Select(u => new { Registered = u.WikiRegisteredAt ?? u.CreatedAt }).SingleAsync(cancellationToken);
        var judgments = judgmentsUpTo <= 0 ? 0 : await db.Endorsements.Where(e => e.UserId == who.UserId).Take(judgmentsUpTo).CountAsync(cancellationToken);
        return new FilterAuthor((now - user.Registered).TotalDays, judgments, who.Rights);
    }

    /// <summary>Creates (no id) or changes a filter; right <c>abusefilter-modify</c>.</summary>
    public Task<Result<AbuseFilter>> SaveAsync(ActorRef actor, long? id, FilterDraft draft, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAdministratorAsync(context.Db, actor, Right.AbuseFilterModify, cancellationToken);
            Validate(draft);
            AbuseFilter filter;
            if (id is { } existing)
            {
                filter = await context.Db.AbuseFilters.SingleOrDefaultAsync(f => f.Id == existing, cancellationToken)
                    ?? throw new JadeException(new JadeError.EntityNotFound("abuse filter"));
                if (expectedVersion is { } version && version != filter.Version)
                {
                    throw new JadeException(new JadeError.EditConflict(filter.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                filter.Version++;
            }
            else
            {
                filter = new AbuseFilter { Description = "", CreatedAt = context.Now };
                context.Db.AbuseFilters.Add(filter);
            }
            // Stored as checked (Validate): composed, as every text it is matched against is stored (TextField).
            filter.Description = TextField.Required(draft.Description, "description", MaxDescription);
            filter.Pattern = PatternOf(draft);
            filter.Words = FilterRule.WordsOf(TextField.Optional(draft.Words, "words", MaxWords)) is { Count: > 0 } words ? string.Join('\n', words) : null;
            filter.MaxAccountAgeDays = draft.MaxAccountAgeDays;
            filter.MaxJudgments = draft.MaxJudgments;
            filter.ExemptRight = string.IsNullOrWhiteSpace(draft.ExemptRight) ? null : draft.ExemptRight.Trim();
            filter.Wikis = Block.Join(draft.Wikis);
            filter.TextActions = Block.Join(draft.TextActions.Select(FilterRule.NameOf));
            filter.Action = draft.Action;
            filter.ThrottleCount = draft.Action == FilterAction.Throttle ? draft.ThrottleCount : null;
            filter.ThrottleSeconds = draft.Action == FilterAction.Throttle ? draft.ThrottleSeconds : null;
            filter.BlockHours = draft.Action == FilterAction.Block ? draft.BlockHours : null;
            filter.Tag = draft.Action == FilterAction.Tag ? TextField.Optional(draft.Tag, "tag", MaxTag) : null;
            filter.Enabled = draft.Enabled;
            filter.Private = draft.Private;
            filter.UpdatedById = who.UserId!.Value;
            filter.UpdatedAt = context.Now;
            await context.Db.SaveChangesAsync(cancellationToken);
            return filter;
        }, cancellationToken);

    public const int MaxDescription = 255;
    public const int MaxPattern = 2000;
    public const int MaxWords = 10_000;
    public const int MaxTag = 64;

    /// <summary>The pattern as written (its spaces are part of the expression), composed; none when blank.</summary>
    private static string? PatternOf(FilterDraft draft) => string.IsNullOrWhiteSpace(draft.Pattern) ? null : UnicodeText.Composed(draft.Pattern);

    private void Validate(FilterDraft draft)
    {
        // Longer than its column would fail in the store (PostgreSQL enforces lengths): refused by name instead.
        foreach (var (field, value, max) in new[] { ("description", draft.Description, MaxDescription), ("words", draft.Words, MaxWords), ("tag", draft.Tag, MaxTag) })
        {
            TextField.Optional(value, field, max);
        }
        if (PatternOf(draft) is { Length: > MaxPattern })
        {
            throw new JadeException(new JadeError.TextTooLong("pattern", MaxPattern));
        }
        AbuseFilterProblem? problem =
            UnicodeText.IsBlank(draft.Description) ? AbuseFilterProblem.NoDescription
            : string.IsNullOrWhiteSpace(draft.Pattern) && FilterRule.WordsOf(draft.Words).Count == 0 && draft.MaxAccountAgeDays is null && draft.MaxJudgments is null
                ? AbuseFilterProblem.NoCondition
            : draft.Pattern is { Length: > 0 } pattern && !FilterRule.IsValidPattern(pattern) ? AbuseFilterProblem.BadPattern
            : draft.Wikis.Any(w => wikis.Find(w) is null) ? AbuseFilterProblem.UnknownWiki
            : draft.ExemptRight is { Length: > 0 } right && !Rights.TryParse(right.Trim(), out _) ? AbuseFilterProblem.UnknownRight
            : draft.MaxAccountAgeDays is <= 0 || draft.MaxJudgments is <= 0 ? AbuseFilterProblem.NotPositive
            : draft.Action == FilterAction.Throttle && (draft.ThrottleCount is not > 0 || draft.ThrottleSeconds is not > 0) ? AbuseFilterProblem.ThrottleNeedsCountAndPeriod
            : draft.Action == FilterAction.Block && draft.BlockHours is not (> 0 and <= MaxBlockHours) ? AbuseFilterProblem.BlockNeedsHours
            : draft.Action == FilterAction.Tag && UnicodeText.IsBlank(draft.Tag) ? AbuseFilterProblem.TagNeedsName
            : null;
        if (problem is { } found)
        {
            throw new JadeException(new JadeError.InvalidAbuseFilter(found));
        }
    }

    public async Task<IReadOnlyList<FilterView>> ListAsync(Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filters = await db.AbuseFilters.AsNoTracking().OrderBy(f => f.Id).ToListAsync(cancellationToken);
        var hits = await db.AbuseFilterHits.GroupBy(h => h.FilterId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. filters.Select(f => View(f, viewer, hits.GetValueOrDefault(f.Id)))];
    }

    public async Task<FilterView?> GetAsync(long id, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filter = await db.AbuseFilters.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        return filter is null ? null : View(filter, viewer, await db.AbuseFilterHits.CountAsync(h => h.FilterId == id, cancellationToken));
    }

    private static FilterView View(AbuseFilter filter, Actor viewer, int hits)
    {
        if (!filter.Private || viewer.Has(Right.AbuseFilterViewPrivate))
        {
            return new FilterView(filter, false, hits);
        }
        // Only that it exists, what it does and whether it is on: the rule stays with those who may see it.
        return new FilterView(new AbuseFilter
        {
            Id = filter.Id,
            Description = filter.Description,
            Action = filter.Action,
            Enabled = filter.Enabled,
            Private = true,
            CreatedAt = filter.CreatedAt,
            UpdatedAt = filter.UpdatedAt,
            Version = filter.Version,
        }, true, hits);
    }

    /// <summary>
    /// The abuse log, newest first, a page at a time; right <c>abusefilter-log</c>. Texts and private filters' descriptions need
    /// <c>abusefilter-view-private</c>. As MediaWiki hides a log entry whose revision was deleted, the hit of a text that was saved
    /// is left out for whoever may not see a field hidden on that save (its author's name or a text): the entry would name the
    /// author on the artifact at the instant the page shows the hidden one.
    /// </summary>
    public async Task<Result<AbuseLogHits>> LogAsync(Actor viewer, AbuseLogQuery query, CancellationToken cancellationToken = default)
    {
        if (!viewer.Has(Right.AbuseFilterLog))
        {
            return new JadeError.PermissionDenied(Right.AbuseFilterLog);
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var log = db.AbuseFilterHits.AsNoTracking();
        if (query.FilterId is { } id)
        {
            log = log.Where(h => h.FilterId == id);
        }
        if (query.User is { } name)
        {
            // A hidden account is unknown to whoever may not see it, as on every other list.
            if (await HiddenAccounts.UserIdAsync(db, name, viewer.Rights, cancellationToken) is not { } userId)
            {
                return new AbuseLogHits([], null);
            }
            log = log.Where(h => h.UserId == userId);
        }
        if (query.OlderThan is { } before)
        {
            log = log.Where(h => h.Id < before);
        }
        var seen = Redaction.MostHiddenSeenBy(viewer.Rights);
        if (seen != FieldVisibility.Suppressed)
        {
            // The save's events are the author's at the command's instant (one command per instant and author).
            log = log.Where(h => h.SavedAt == null || !db.Events.Any(e => e.At == h.SavedAt && e.ActorId == h.UserId
                && (e.ActorVisibility > seen || db.Texts.Any(t => t.Id == e.TextId && t.Visibility > seen))));
        }
        var limit = Math.Clamp(query.Limit, 1, MaxLogPage);
        var hits = await log.OrderByDescending(h => h.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var more = hits.Count > limit;
        if (more)
        {
            hits.RemoveAt(limit);
        }
        var filterIds = hits.Select(h => h.FilterId).Distinct().ToList();
        var filters = await db.AbuseFilters.AsNoTracking().Where(f => filterIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, cancellationToken);
        var userIds = hits.Select(h => h.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var seesPrivate = viewer.Has(Right.AbuseFilterViewPrivate);
        var views = hits.Select(h =>
        {
            var filter = filters[h.FilterId];
            var user = users[h.UserId];
            return new FilterHitView(h.Id, h.FilterId, !filter.Private || seesPrivate ? filter.Description : null,
                Redaction.User(user.Id, user.Name, FieldVisibility.Visible, user.Hidden, viewer.Rights), h.TextAction, h.Wiki, h.Artifact, h.Outcome,
                seesPrivate && h.Text.Length > 0 ? h.Text : null, h.At);
        }).ToList();
        return new AbuseLogHits(views, more ? hits[^1].Id : null);
    }

    /// <summary>The most hits one page of the log holds.</summary>
    public const int MaxLogPage = 500;

    /// <summary>The most recent texts a test reads.</summary>
    public const int MaxTestCount = 1000;

    /// <summary>
    /// The last <paramref name="count"/> texts written here that the draft would match (as their authors are now); right
    /// <c>abusefilter-modify</c>. A text the tester may not see, or whose author they may not see, is not tested: a rule is a
    /// question about the text and its author, so its answer would tell them what was hidden (a pattern at a time, all of it).
    /// </summary>
    public async Task<Result<IReadOnlyList<FilterTestMatch>>> TestAsync(Actor viewer, FilterDraft draft, int count = 100, CancellationToken cancellationToken = default)
    {
        if (!viewer.Has(Right.AbuseFilterModify))
        {
            return new JadeError.PermissionDenied(Right.AbuseFilterModify);
        }
        try
        {
            Validate(draft);
        }
        catch (JadeException invalid)
        {
            return invalid.Error;
        }
        var probe = new AbuseFilter
        {
            Description = draft.Description,
            Pattern = draft.Pattern,
            Words = draft.Words,
            MaxAccountAgeDays = draft.MaxAccountAgeDays,
            MaxJudgments = draft.MaxJudgments,
            ExemptRight = draft.ExemptRight,
            Wikis = Block.Join(draft.Wikis),
            TextActions = Block.Join(draft.TextActions.Select(FilterRule.NameOf)),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var written = await db.Events.AsNoTracking()
            .Where(e => e.TextId != null && e.ActorId != null && TextEvents.Contains(e.Type))
            .OrderByDescending(e => e.Seq).Take(Math.Clamp(count, 1, MaxTestCount))
            .Select(e => new { e.At, e.Type, e.Wiki, e.ArtifactId, e.ActorId, e.ActorVisibility, e.TextId })
            .ToListAsync(cancellationToken);
        var textIds = written.Select(w => w.TextId!.Value).Distinct().ToList();
        var texts = await db.Texts.AsNoTracking().Where(t => textIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var authorIds = written.Select(w => w.ActorId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Include(u => u.Groups).Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        // Only a "fewer than N judgments" rule reads the count, and only up to N: a prolific author's judgments are not all counted.
        var judgments = draft.MaxJudgments is not { } judgmentsUpTo ? []
            : await db.Users.Where(u => authorIds.Contains(u.Id))
                .Select(u => new { u.Id, Count = db.Endorsements.Where(e => e.UserId == u.Id).Take(judgmentsUpTo).Count() })
                .ToDictionaryAsync(u => u.Id, u => u.Count, cancellationToken);
        var now = clock.GetUtcNow();
        var matches = new List<FilterTestMatch>();
        foreach (var w in written)
        {
            if (!texts.TryGetValue(w.TextId!.Value, out var text) || !users.TryGetValue(w.ActorId!.Value, out var user))
            {
                continue;
            }
            var shown = Redaction.User(user.Id, user.Name, w.ActorVisibility, user.Hidden, viewer.Rights);
            if (shown.Hidden || !Redaction.CanSee(text.Visibility, viewer.Rights))
            {
                continue;
            }
            var author = new FilterAuthor((now - (user.WikiRegisteredAt ?? user.CreatedAt)).TotalDays, judgments.GetValueOrDefault(user.Id),
                actors.Explain(user, now).Keys.ToHashSet());
            var action = TextActionOfEvent[w.Type];
            if (FilterRule.Matches(probe, new FilterInput(action, w.Wiki ?? "", null, text.Content), author))
            {
                matches.Add(new FilterTestMatch(w.At, shown, action, w.Wiki, Redaction.Text(text, viewer.Rights)));
            }
        }
        return matches;
    }

    /// <summary>The events that carry a text a user wrote, and which kind of text it is.</summary>
    private static readonly Dictionary<Events.EventType, TextAction> TextActionOfEvent = new()
    {
        [Events.EventType.ProposalCreated] = TextAction.ProposalNotes,
        [Events.EventType.ProposalNotesUpdated] = TextAction.ProposalNotes,
        [Events.EventType.EndorsementCreated] = TextAction.EndorsementComment,
        [Events.EventType.EndorsementCommentUpdated] = TextAction.EndorsementComment,
        [Events.EventType.ThreadStarted] = TextAction.Comment,
        [Events.EventType.CommentPosted] = TextAction.Comment,
        [Events.EventType.CommentEdited] = TextAction.Comment,
    };

    // After the map: static fields start in the order they are written.
    private static readonly List<Events.EventType> TextEvents = [.. TextActionOfEvent.Keys];
}
