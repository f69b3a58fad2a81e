using System.ComponentModel.DataAnnotations;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Events;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Activity;

/// <summary>"JadeStudio:Activity": what the public activity page plots.</summary>
public sealed class ActivityOptions
{
    public const string Section = "JadeStudio:Activity";

    /// <summary>Days plotted (up to today, UTC).</summary>
    [Range(1, 3650)]
    public int Days { get; set; } = 30;

    /// <summary>Months of suppressions plotted.</summary>
    [Range(1, 120)]
    public int Months { get; set; } = 12;

    /// <summary>
    /// Suppressions a month this wiki's oversighters can take on from JadeStudio. JADE's design asks for no significant
    /// addition to the 350–500 suppressions a month Wikimedia's oversighters handle; 25 (5–7 %) is a line to set per site.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SuppressionBudgetPerMonth { get; set; } = 25;
}

public sealed record DayActivity(DateOnly Day, int Judgments, int ActiveReviewers, int CompetingJudgments);

public sealed record MonthSuppressions(DateOnly Month, int Suppressions);

/// <summary>One wiki's activity: per day, its campaigns' progress, and its suppressions per month against the budget.</summary>
public sealed record WikiActivity(string Wiki, IReadOnlyList<DayActivity> Days, IReadOnlyList<CampaignSummary> Campaigns,
    IReadOnlyList<MonthSuppressions> Suppressions, int SuppressionBudget)
{
    public int Judgments => Days.Sum(d => d.Judgments);
    public int CompetingJudgments => Days.Sum(d => d.CompetingJudgments);
}

/// <summary>
/// Counts for the activity page. Only counts leave here — never a name or a text — so the page is public; a reviewer
/// whose name is hidden is still one reviewer.
/// </summary>
public sealed class ActivityQueries(IDbContextFactory<JadeDbContext> contexts, CampaignQueries campaigns, ActivityOptions options, TimeProvider clock)
{
    private static readonly EventType[] JudgmentTypes = [EventType.EndorsementCreated, EventType.EndorsementMoved];

    private static readonly EventType[] ReviewerTypes =
        [.. JudgmentTypes, EventType.ProposalCreated, EventType.ThreadStarted, EventType.CommentPosted, EventType.CampaignLabelSaved];

    public async Task<WikiActivity> ForWikiAsync(string wiki, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var firstDay = today.AddDays(1 - options.Days);
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // A competing judgment: a new proposal on a facet that already had another one.
        var competing = await db.Events.AsNoTracking()
            .Where(e => e.Wiki == wiki && e.Type == EventType.ProposalCreated && e.At >= since
                && db.Proposals.Any(p => p.ArtifactId == e.ArtifactId && p.Facet == e.Facet && p.Id != e.ProposalId && p.CreatedAt < e.At))
            .Select(e => e.At)
            .ToListAsync(cancellationToken);
        var competingByDay = competing.ToLookup(DayOf);

        // Counted by the database, a day at a time through the events' time index: a busy wiki's month holds hundreds of
        // thousands of acts, which read into the app took half a second (200,000). The stored times are binary, so the
        // days are ranges given from here rather than a date the database would work out.
        var days = new List<DayActivity>(options.Days);
        foreach (var day in Enumerable.Range(0, options.Days).Select(i => firstDay.AddDays(i)))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = start.AddDays(1);
            var counts = await db.Events.AsNoTracking()
                .Where(e => e.Wiki == wiki && e.Audience == EventAudience.Public && e.At >= start && e.At < end && ReviewerTypes.Contains(e.Type))
                .GroupBy(e => e.Wiki)
                .Select(g => new { Judgments = g.Count(e => JudgmentTypes.Contains(e.Type)), Reviewers = g.Select(e => e.ActorId).Distinct().Count() })
                .SingleOrDefaultAsync(cancellationToken);
            days.Add(new DayActivity(day, counts?.Judgments ?? 0, counts?.Reviewers ?? 0, competingByDay[day].Count()));
        }

        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - options.Months);
        var monthsSince = new DateTimeOffset(firstMonth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var logged = await db.Events.AsNoTracking()
            .Where(e => e.Wiki == wiki && e.Audience == EventAudience.SuppressionLog && e.At >= monthsSince)
            .Select(e => new { e.At, e.Type, e.Audience, e.Data })
            .ToListAsync(cancellationToken);
        var suppressed = logged.Where(e => Suppressions.Counts(e.Type, e.Audience, e.Data)).Select(e => MonthOf(e.At)).ToList();
        var months = Enumerable.Range(0, options.Months).Select(i => firstMonth.AddMonths(i))
            .Select(month => new MonthSuppressions(month, suppressed.Count(m => m == month))).ToList();

        return new WikiActivity(wiki, days, await campaigns.ListAsync(wiki, cancellationToken), months, options.SuppressionBudgetPerMonth);
    }

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static DateOnly MonthOf(DateTimeOffset at) => new(at.UtcDateTime.Year, at.UtcDateTime.Month, 1);
}
