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
public sealed class ArtifactQueries(IDbContextFactory<JadeDbContext> contexts)
{
    public async Task<IReadOnlyDictionary<string, WikiSummary>> SummariesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifacts = await db.Artifacts.GroupBy(a => a.Wiki).Select(g => new { Wiki = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var judged = await db.Proposals.Join(db.Artifacts, p => p.ArtifactId, a => a.Id, (p, a) => new { a.Wiki, p.ArtifactId, p.Preferred })
            .GroupBy(x => x.Wiki)
            .Select(g => new { Wiki = g.Key, Judged = g.Select(x => x.ArtifactId).Distinct().Count(), Disputed = g.Where(x => !x.Preferred).Select(x => x.ArtifactId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return artifacts.ToDictionary(a => a.Wiki, a =>
        {
            var j = judged.FirstOrDefault(x => x.Wiki == a.Wiki);
            return new WikiSummary(a.Wiki, a.Count, j?.Judged ?? 0, j?.Disputed ?? 0);
        });
    }

    /// <summary>
    /// A page of a wiki's artifacts. Newest and oldest first walk the artifacts' unique index in its order (wiki, revision,
    /// type) and stop after the page; the other orders sort the wiki's artifacts. <see cref="WikiSummaries"/> counts them.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactRow>> ListAsync(string wiki, ArtifactType? type, ArtifactFilter filter, ArtifactSort sort, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, wiki, type, filter);
        var ordered = sort switch
        {
            ArtifactSort.Newest => query.OrderByDescending(a => a.RevId).ThenByDescending(a => a.Type),
            ArtifactSort.Oldest => query.OrderBy(a => a.RevId).ThenBy(a => a.Type),
            ArtifactSort.MostProposals => query.OrderByDescending(a => db.Proposals.Count(p => p.ArtifactId == a.Id)).ThenByDescending(a => a.RevId).ThenByDescending(a => a.Type),
            ArtifactSort.Title => query.OrderBy(a => a.PageTitle == null).ThenBy(a => a.PageTitle).ThenByDescending(a => a.RevId).ThenByDescending(a => a.Type),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
        return await RowsAsync(db, ordered.Skip(skip).Take(take), cancellationToken);
    }

    /// <summary>
    /// The next <paramref name="take"/> artifacts of a wiki, newest first, after the one at <paramref name="after"/> (from the
    /// start when null): what the API's cursor pages through, each page read from where the last one ended, however deep.
    /// </summary>
    public async Task<IReadOnlyList<ArtifactRow>> NewestAfterAsync(string wiki, ArtifactFilter filter, ArtifactKey? after, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, wiki, null, filter);
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
        return await RowsAsync(db, query.OrderByDescending(a => a.RevId).ThenByDescending(a => a.Type).Take(take), cancellationToken);
    }

    private static IQueryable<Artifact> Filtered(JadeDbContext db, string wiki, ArtifactType? type, ArtifactFilter filter)
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
            ArtifactFilter.Judged => query.Where(a => db.Proposals.Any(p => p.ArtifactId == a.Id)),
            ArtifactFilter.Disputed => query.Where(a => db.Proposals.Any(p => p.ArtifactId == a.Id && !p.Preferred)),
            ArtifactFilter.Unjudged => query.Where(a => !db.Proposals.Any(p => p.ArtifactId == a.Id)),
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
                Proposals = db.Proposals.Count(p => p.ArtifactId == a.Id),
                Disputed = db.Proposals.Any(p => p.ArtifactId == a.Id && !p.Preferred),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ArtifactRow(new ArtifactKey(r.Wiki, r.Type, r.RevId), r.PageTitle, r.Proposals, r.Disputed,
            r.Source?.StartsWith(Artifact.DemoSourcePrefix, StringComparison.Ordinal) == true)).ToList();
    }
}
