using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Artifacts;

/// <summary>The order of an artifact list.</summary>
public enum ArtifactSort
{
    /// <summary>Highest revision id first: the latest edits.</summary>
    Newest,
    Oldest,
    /// <summary>Most proposals first (ties: newest first).</summary>
    MostProposals,
    /// <summary>By page title (artifacts without one last).</summary>
    Title,
}

public enum ArtifactFilter
{
    All,
    /// <summary>At least one proposal.</summary>
    Judged,
    /// <summary>More than one proposal in some facet.</summary>
    Disputed,
    /// <summary>No proposal yet.</summary>
    Unjudged,
}

public sealed record ArtifactRow(ArtifactKey Key, string? PageTitle, int Proposals, bool Disputed, bool IsDemo);

/// <summary>How much of a wiki is judged, and how much is disputed.</summary>
public sealed record WikiSummary(string Wiki, int Artifacts, int Judged, int Disputed)
{
    /// <summary>How many of the wiki's artifacts a list with this filter holds.</summary>
    public int Count(ArtifactFilter filter) => filter switch
    {
        ArtifactFilter.All => Artifacts,
        ArtifactFilter.Judged => Judged,
        ArtifactFilter.Disputed => Disputed,
        ArtifactFilter.Unjudged => Artifacts - Judged,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };
}

/// <summary>Lists a wiki's artifacts with judgment filters.</summary>
/// <param name="fewDisputes">
/// Up to this many non-preferred proposals (in all wikis), the disputed filter lists the artifacts they name, read from
/// their own small index, instead of walking the wiki until a page is full: disputes are rare, and a wiki with a few
/// took a walk through all of it (0.37 s for 600,000 artifacts). Past it, disputes are common enough for the walk to
/// fill a page early.
/// </param>
public sealed class ArtifactQueries(IDbContextFactory<JadeDbContext> contexts, int fewDisputes = ArtifactQueries.FewDisputes)
{
    public const int FewDisputes = 10_000;

    /// <summary>Each wiki's counts, each read from an index of its own: all artifacts, judged ones, disputes.</summary>
    public async Task<IReadOnlyDictionary<string, WikiSummary>> SummariesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifacts = await db.Artifacts.GroupBy(a => a.Wiki).Select(g => new { Wiki = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Wiki, x => x.Count, cancellationToken);
        var judged = await db.Artifacts.Where(a => a.ProposalCount > 0).GroupBy(a => a.Wiki).Select(g => new { Wiki = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Wiki, x => x.Count, cancellationToken);
        var disputed = await db.Proposals.Where(p => !p.Preferred).Join(db.Artifacts, p => p.ArtifactId, a => a.Id, (p, a) => new { a.Wiki, p.ArtifactId })
            .GroupBy(x => x.Wiki)
            .Select(g => new { Wiki = g.Key, Count = g.Select(x => x.ArtifactId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Wiki, x => x.Count, cancellationToken);
        return artifacts.ToDictionary(a => a.Key, a => new WikiSummary(a.Key, a.Value, judged.GetValueOrDefault(a.Key), disputed.GetValueOrDefault(a.Key)));
    }

    /// <summary>
    /// A page of a wiki's artifacts. Newest and oldest first walk the artifacts' unique index in its order (wiki, revision,
    /// type) and stop after the page; the other orders sort the wiki's artifacts. <see cref="WikiSummaries"/> counts them.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactRow>> ListAsync(string wiki, ArtifactType? type, ArtifactFilter filter, ArtifactSort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = await FilteredAsync(db, wiki, type, filter, cancellationToken);
        return sort switch
        {
            ArtifactSort.Newest => await RowsAsync(db, NewestFirst(query).Skip(skip).Take(take), cancellationToken),
            ArtifactSort.Oldest => await RowsAsync(db, query.OrderBy(a => a.RevId).ThenBy(a => a.Type).Skip(skip).Take(take), cancellationToken),
            // Unjudged artifacts have no proposals: most first is newest first.
            ArtifactSort.MostProposals when filter == ArtifactFilter.Unjudged => await RowsAsync(db, NewestFirst(query).Skip(skip).Take(take), cancellationToken),
            ArtifactSort.MostProposals => await InTwoPartsAsync(db,
                query.Where(a => a.ProposalCount > 0).OrderByDescending(a => a.ProposalCount).ThenByDescending(a => a.RevId).ThenByDescending(a => a.Type),
                filter == ArtifactFilter.All ? NewestFirst(query.Where(a => a.ProposalCount == 0)) : null,
                skip, take, cancellationToken),
            ArtifactSort.Title => await InTwoPartsAsync(db,
                query.Where(a => a.PageTitle != null).OrderBy(a => a.PageTitle).ThenByDescending(a => a.RevId).ThenByDescending(a => a.Type),
                NewestFirst(query.Where(a => a.PageTitle == null)),
                skip, take, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
    }

    private static IOrderedQueryable<Artifact> NewestFirst(IQueryable<Artifact> query) => query.OrderByDescending(a => a.RevId).ThenByDescending(a => a.Type);

    /// <summary>
    /// A page of one ordered part followed by another (titled artifacts by title, then the untitled ones; judged ones by their
    /// number of proposals, then the unjudged ones). Each part walks its own index in order and stops after the page, where
    /// one order over both ("has no title" first, or a count of each artifact's proposals) sorted the whole wiki at every
    /// view; the second part is read only for a page that reaches past the first.
    /// </summary>
    /// <param name="second">Null when the filter leaves nothing in it.</param>
    private static async Task<IReadOnlyList<ArtifactRow>> InTwoPartsAsync(JadeDbContext db, IOrderedQueryable<Artifact> first, IOrderedQueryable<Artifact>? second, int skip, int take, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(db, first.Skip(skip).Take(take), cancellationToken);
        if (rows.Count == take || second is null)
        {
            return rows;
        }
        // Only a page that starts past the first part needs its length, to know where in the second part it starts.
        var secondSkip = rows.Count > 0 || skip == 0 ? 0 : Math.Max(0, skip - await first.CountAsync(cancellationToken));
        return [.. rows, .. await RowsAsync(db, second.Skip(secondSkip).Take(take - rows.Count), cancellationToken)];
    }

    /// <summary>
    /// The next <paramref name="take"/> artifacts of a wiki, newest first, after the one at <paramref name="after"/> (from the
    /// start when null): what the API's cursor pages through, each page read from where the last one ended, however deep.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactRow>> NewestAfterAsync(string wiki, ArtifactFilter filter, ArtifactKey? after, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = await FilteredAsync(db, wiki, null, filter, cancellationToken);
        if (after is { } last)
        {
            // Within a revision the stored type names order "revision" before "diff" when newest comes first.
            query = last.Type switch
            {
                ArtifactType.Revision => query.Where(a => a.RevId < last.RevId || (a.RevId == last.RevId && a.Type == ArtifactType.Diff)),
                ArtifactType.Diff => query.Where(a => a.RevId < last.RevId),
                _ => throw new ArgumentOutOfRangeException(nameof(after), last.Type, null),
            };
        }
        return await RowsAsync(db, NewestFirst(query).Take(take), cancellationToken);
    }

    private async Task<IQueryable<Artifact>> FilteredAsync(JadeDbContext db, string wiki, ArtifactType? type, ArtifactFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Artifacts.AsNoTracking().Where(a => a.Wiki == wiki);
        if (type is { } only)
        {
            query = query.Where(a => a.Type == only);
        }
        // Each non-empty facet has exactly one preferred proposal, so "some proposal is not
        // preferred" is the same as "some facet has more than one proposal".
        return filter switch
        {
            ArtifactFilter.All => query,
            ArtifactFilter.Judged => query.Where(a => a.ProposalCount > 0),
            ArtifactFilter.Disputed => await db.Proposals.Where(p => !p.Preferred).OrderBy(p => p.ArtifactId).Take(fewDisputes + 1).CountAsync(cancellationToken) <= fewDisputes
                ? query.Where(a => db.Proposals.Where(p => !p.Preferred).Select(p => p.ArtifactId).Contains(a.Id))
                : query.Where(a => db.Proposals.Any(p => p.ArtifactId == a.Id && !p.Preferred)),
            ArtifactFilter.Unjudged => query.Where(a => a.ProposalCount == 0),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
        };
    }

    private static async Task<IReadOnlyList<ArtifactRow>> RowsAsync(JadeDbContext db, IQueryable<Artifact> page, CancellationToken cancellationToken)
    {
        var rows = await page
            .Select(a => new
            {
                a.Wiki,
                a.Type,
                a.RevId,
                a.PageTitle,
                a.Source,
                Proposals = a.ProposalCount,
                Disputed = db.Proposals.Any(p => p.ArtifactId == a.Id && !p.Preferred),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ArtifactRow(new ArtifactKey(r.Wiki, r.Type, r.RevId), r.PageTitle, r.Proposals, r.Disputed,
            r.Source?.StartsWith(Artifact.DemoSourcePrefix, StringComparison.Ordinal) == true)).ToList();
    }
}
