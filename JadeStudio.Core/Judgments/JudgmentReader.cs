using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Changes;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Judgments;

/// <summary>Reads judgments for display and the API. Every text and user name goes through <see cref="Redaction"/>.</summary>
public sealed class JudgmentReader(IDbContextFactory<JadeDbContext> contexts, SchemaCatalog schemas, WikiCatalog wikis, EventFeed feed, ArtifactViewCache cache,
    WikiContent.RevisionCache? revisions = null)
{
    // The artifact page and API read start here whenever the cached view is stale: compiled once per instance
    // (a compiled query belongs to one model, and each app has its own).
    private readonly Func<JadeDbContext, string, ArtifactType, long, CancellationToken, Task<Artifact?>> _artifactByKey =
        EF.CompileAsyncQuery((JadeDbContext db, string wiki, ArtifactType type, long revId, CancellationToken _) =>
            db.Artifacts.AsNoTracking().SingleOrDefault(a => a.Wiki == wiki && a.Type == type && a.RevId == revId));

    public Task<ArtifactView> GetAsync(ArtifactKey key, Actor viewer, CancellationToken cancellationToken = default) =>
        cache.GetOrReadAsync(key, Redaction.MostHiddenSeenBy(viewer.Rights), () => ReadAsync(key, viewer, cancellationToken));

    private async Task<ArtifactView> ReadAsync(ArtifactKey key, Actor viewer, CancellationToken cancellationToken)
    {
        var wiki = wikis.Find(key.Wiki) ?? throw new ArgumentException($"Unknown wiki {key.Wiki}.", nameof(key));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifact = await _artifactByKey(db, key.Wiki, key.Type, key.RevId, cancellationToken);
        var facets = schemas.FacetsFor(wiki, key.Type);
        // What the wiki says the artifact is, as cached (never asked for here): views are read again after every
        // commit, the cache's own fills included, so the block is as current as the cache.
        var revision = revisions is null ? null : await revisions.ForViewerAsync(db, key.Wiki, key.RevId, viewer.Rights, cancellationToken);
        if (artifact is null)
        {
            return new ArtifactView(key, wiki, null, facets.Select(f => new FacetView(f, [])).ToList()) { Revision = revision };
        }

        var proposals = await db.Proposals.AsNoTracking().Where(p => p.ArtifactId == artifact.Id).ToListAsync(cancellationToken);
        var endorsements = await db.Endorsements.AsNoTracking().Where(e => e.ArtifactId == artifact.Id).ToListAsync(cancellationToken);
        var texts = await TextsAsync(db, proposals.Select(p => p.NotesTextId).Concat(endorsements.Select(e => e.CommentTextId)), cancellationToken);
        var users = await UsersAsync(db, proposals.Select(p => p.AuthorId).Concat(endorsements.Select(e => e.UserId)), cancellationToken);

        var views = facets.Select(facet => new FacetView(facet, proposals
            .Where(p => p.Facet == facet.Id)
            .Select(p =>
            {
                var supporters = endorsements.Where(e => e.ProposalId == p.Id)
                    .OrderBy(e => e.CreatedAt)
                    .Select(e => new EndorsementView(e.Id, UserOn(users, e.UserId, e.UserVisibility, viewer), Redaction.Text(texts.GetValueOrDefault(e.CommentTextId ?? 0), viewer.Rights), e.Origin, e.CreatedAt, e.UpdatedAt) { OwnerId = e.UserId, Version = e.Version })
                    .ToList();
                return new ProposalView(p.Id, p.LabelData, JudgmentLabels.Answers(facet, key.Wiki, p.LabelData),
                    Redaction.Text(texts.GetValueOrDefault(p.NotesTextId ?? 0), viewer.Rights),
                    UserOn(users, p.AuthorId, p.AuthorVisibility, viewer), p.Preferred, p.CreatedAt, p.UpdatedAt, supporters)
                { Version = p.Version };
            })
            // Preferred first, then by support, then oldest first: the order a reviewer reads in.
            .OrderByDescending(p => p.Preferred).ThenByDescending(p => p.Endorsements.Count).ThenBy(p => p.CreatedAt)
            .ToList())).ToList();
        return new ArtifactView(key, wiki, artifact, views) { Revision = revision };
    }

    /// <summary>A proposal with its artifact and facet, as the viewer may see it; null if it does not exist.</summary>
    public async Task<(ArtifactView View, FacetView Facet, ProposalView Proposal)?> FindProposalAsync(long proposalId, Actor viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifactId = await db.Proposals.Where(p => p.Id == proposalId).Select(p => (long?)p.ArtifactId).SingleOrDefaultAsync(cancellationToken);
        if (artifactId is null)
        {
            return null;
        }
        var view = await GetAsync(await KeyOfArtifactAsync(artifactId.Value, cancellationToken), viewer, cancellationToken);
        foreach (var facet in view.Facets)
        {
            if (facet.Proposals.FirstOrDefault(p => p.Id == proposalId) is { } proposal)
            {
                return (view, facet, proposal);
            }
        }
        return null;
    }

    public async Task<ArtifactKey> KeyOfArtifactAsync(long artifactId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var artifact = await db.Artifacts.AsNoTracking().SingleAsync(a => a.Id == artifactId, cancellationToken);
        return artifact.Key;
    }

    /// <summary>The id of a user's endorsement on a proposal (for ETags), or null.</summary>
    public async Task<long?> EndorsementIdAsync(long proposalId, long? userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Endorsements.Where(e => e.ProposalId == proposalId && e.UserId == userId).Select(e => (long?)e.Id).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The artifact's judgment history, newest first (whatever the feed's retention), as lines of one action each
    /// (<see cref="ChangeLines"/>): about <paramref name="limit"/> events, older than <paramref name="beforeSeq"/> when
    /// given (to page back, as MediaWiki's history does); a page ends after a whole action.
    /// </summary>
    public async Task<ChangePage> HistoryAsync(ArtifactKey key, Actor viewer, int limit = 200, long? beforeSeq = null, CancellationToken cancellationToken = default)
    {
        var page = await feed.ReadAsync(new FeedQuery(AfterSeq: beforeSeq, Artifact: key, Limit: ChangeLines.RowsToRead(limit), NewestFirst: true), viewer, cancellationToken);
        return ChangeLines.Page(page is FeedPage.Events found ? found.Items : [], limit);
    }

    private static RedactedUser UserOn(IReadOnlyDictionary<long, User> users, long userId, FieldVisibility onItem, Actor viewer) =>
        users.TryGetValue(userId, out var user)
            ? Redaction.User(user.Id, user.Name, onItem, user.Hidden, viewer.Rights)
            : new RedactedUser(null, null, true, FieldVisibility.Suppressed);

    private static async Task<Dictionary<long, StoredText>> TextsAsync(JadeDbContext db, IEnumerable<long?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<long>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Texts.AsNoTracking().Where(t => wanted.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
    }

    private static async Task<Dictionary<long, User>> UsersAsync(JadeDbContext db, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
    }
}
