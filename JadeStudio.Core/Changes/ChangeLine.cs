using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Changes;

/// <summary>
/// One line of a list of changes (recent changes, contributions, the watch list, an artifact's history): one action as
/// its user took it. The store records a judgment as a proposal and its judge's endorsement of it, and a campaign label
/// as the label and the judgment it made; a line is the action's newest event with the others folded in, so a list shows
/// each action once, with every text it carries.
/// </summary>
/// <param name="Change">The action's newest event: it dates the line and names who acted.</param>
/// <param name="Folded">The action's other events, newest first.</param>
public sealed record ChangeLine(FeedEvent Change, IReadOnlyList<FeedEvent> Folded)
{
    /// <summary>A new proposal endorsed by its author in the same action: the line says "judged".</summary>
    public bool IsJudgment => Change.Type == EventType.EndorsementCreated && Folded.Any(e => e.Type == EventType.ProposalCreated);

    /// <summary>The event whose labels the line names: a campaign label's are those of the endorsement it placed.</summary>
    public FeedEvent Labelled => Change.LabelData is not null ? Change : Folded.FirstOrDefault(e => e.LabelData is not null) ?? Change;

    /// <summary>Every text of the action, in the order written (a proposal's notes before the endorsement's comment).</summary>
    public IEnumerable<RedactedText> Texts => Folded.Reverse().Append(Change).Select(e => e.Text);

    /// <summary>The newest event of the line (the watch list marks a line unread by it).</summary>
    public long Seq => Change.Seq;
}

/// <summary>Folds events into the lines of <see cref="ChangeLine"/>, in a list and, for counts, in the store.</summary>
public static class ChangeLines
{
    /// <summary>The most events one action records (a campaign label, a proposal, an endorsement).</summary>
    public const int MaxEventsPerAction = 3;

    /// <summary>How far apart in the log an action's events may be (other nodes' commits may take numbers in between).</summary>
    private const int ActionWindow = 1000;

    /// <summary>
    /// A list of events, newest first, as lines. An event folds into a line above it (not necessarily the one right above:
    /// an automatic preference change or another node's commit may come between) when it is the next step back of that
    /// line's action: a campaign label's endorsement, an endorsement's new proposal.
    /// </summary>
    public static IReadOnlyList<ChangeLine> Of(IReadOnlyList<FeedEvent> newestFirst) =>
        Group(newestFirst).Select(line => new ChangeLine(newestFirst[line[0]], [.. line.Skip(1).Select(i => newestFirst[i])])).ToList();

    /// <summary>How many rows to read, newest first, for a <see cref="Page"/> of <paramref name="limit"/>.</summary>
    public static int RowsToRead(int limit, bool wholeActions = true) => limit + (wholeActions ? 2 * MaxEventsPerAction : 0) + 1;

    /// <summary>
    /// A page of rows read newest first (<see cref="RowsToRead"/> of them at most): <paramref name="limit"/> of them, or
    /// with <paramref name="wholeActions"/> (a page shown as lines) a few more, so that it ends after a whole action and
    /// no action is split between two pages (shown twice, half on each).
    /// </summary>
    public static ChangePage Page(IReadOnlyList<FeedEvent> read, int limit, bool wholeActions = true)
    {
        var fetched = RowsToRead(limit, wholeActions) - 1;
        var beyond = read.Count > fetched;
        var rows = beyond ? read.Take(fetched).ToList() : read;
        var kept = wholeActions ? WholeLinesCount(rows, limit) : rows.Count;
        return kept < rows.Count || beyond ? new ChangePage(rows.Take(kept).ToList(), rows[kept - 1].Seq) : new ChangePage(rows, null);
    }

    /// <summary>
    /// How many of <paramref name="newestFirst"/>'s events a page of at least <paramref name="limit"/> of them keeps so
    /// that no action is split between two pages (shown twice, half on each); all of them when no such cut exists.
    /// </summary>
    private static int WholeLinesCount(IReadOnlyList<FeedEvent> newestFirst, int limit)
    {
        var oldestOfLineAt = new int[newestFirst.Count];
        foreach (var line in Group(newestFirst))
        {
            oldestOfLineAt[line[0]] = line[^1];
        }
        var reach = -1;
        for (var i = 0; i < newestFirst.Count; i++)
        {
            reach = Math.Max(reach, oldestOfLineAt[i]);
            if (i + 1 >= limit && reach <= i)
            {
                return i + 1;
            }
        }
        return newestFirst.Count;
    }

    /// <summary>
    /// The stored events that begin a line (no newer event of the same action folds them in): a count of changes counts
    /// lines, as the list shows them. The rule of <see cref="Of"/>, on the stored rows, with the reader's sight of each
    /// performer.
    /// </summary>
    public static IQueryable<StoredEvent> LineHeads(this IQueryable<StoredEvent> events, JadeDbContext db, Actor viewer)
    {
        var seenLevels = new[] { FieldVisibility.Visible, FieldVisibility.Deleted, FieldVisibility.Suppressed }.Where(l => Redaction.CanSee(l, viewer.Rights)).ToList();
        var seesHiddenAccounts = Redaction.CanSee(FieldVisibility.Suppressed, viewer.Rights);
        var shownPerformers = db.Users.Where(u => seesHiddenAccounts || !u.Hidden).Select(u => u.Id);
        return events.Where(e => !(
            (e.Type == EventType.ProposalCreated || e.Type == EventType.EndorsementCreated || e.Type == EventType.EndorsementMoved)
            && e.ActorId != null && seenLevels.Contains(e.ActorVisibility) && shownPerformers.Contains(e.ActorId.Value)
            // An action's events are committed together: the next ones of an artifact within a window of the log are enough
            // to look at (the artifact's index on (artifact, sequence) reads only those), however long its history.
            && db.Events.Any(o => o.ArtifactId == e.ArtifactId && o.Seq > e.Seq && o.Seq <= e.Seq + ActionWindow && o.ActorId == e.ActorId && o.At == e.At && o.Facet == e.Facet
                && o.Audience == e.Audience && seenLevels.Contains(o.ActorVisibility)
                && (e.Type == EventType.ProposalCreated
                    ? (o.Type == EventType.EndorsementCreated || o.Type == EventType.EndorsementMoved) && o.ProposalId == e.ProposalId
                    : o.Type == EventType.CampaignLabelSaved))));
    }

    /// <summary>The lines as indexes into the list, each newest first.</summary>
    private static List<List<int>> Group(IReadOnlyList<FeedEvent> newestFirst)
    {
        var lines = new List<List<int>>();
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var older = newestFirst[i];
            // An action's events are a few rows apart at most: only the last lines begun are searched.
            var line = lines.Skip(Math.Max(0, lines.Count - 8)).LastOrDefault(l => Folds(l.Select(j => newestFirst[j]).ToList(), older));
            if (line is null)
            {
                lines.Add([i]);
            }
            else
            {
                line.Add(i);
            }
        }
        return lines;
    }

    /// <summary>
    /// Whether <paramref name="older"/> was recorded by the action of <paramref name="line"/> (newest first): the same user,
    /// whom the reader sees on both (folding must not tell that two hidden names are one user), at the same instant on the
    /// same artifact and facet, and the next step back of that action.
    /// </summary>
    private static bool Folds(IReadOnlyList<FeedEvent> line, FeedEvent older)
    {
        var change = line[0];
        if (change.Actor is not { Hidden: false, Id: { } actor } || older.Actor is not { Hidden: false, Id: { } olderActor } || actor != olderActor
            || change.At != older.At || change.Artifact is null || change.Artifact != older.Artifact || change.Facet != older.Facet)
        {
            return false;
        }
        var newer = line[^1];
        return (newer.Type, older.Type) switch
        {
            (EventType.CampaignLabelSaved, EventType.EndorsementCreated or EventType.EndorsementMoved) => true,
            (EventType.EndorsementCreated or EventType.EndorsementMoved, EventType.ProposalCreated) => newer.ProposalId == older.ProposalId,
            _ => false,
        };
    }
}
