using System.Data.Common;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;

namespace JadeStudio.Core.Discussions;

public enum SearchableKind
{
    Comment,
    Notes,
    ThreadTitle,
    EndorsementComment,
}

/// <summary>A text as the search index keeps it, with what results are filtered by.</summary>
public sealed record SearchableText(long TextId, string Body, SearchableKind Kind, string Wiki, long AuthorId, long ArtifactId);

/// <summary>A text the index proposes for a query, with a short excerpt around the words found.</summary>
public sealed record SearchCandidate(long TextId, SearchableKind Kind, long AuthorId, DateTimeOffset At, long ArtifactId, string Snippet)
{
    /// <summary>Every store's search query returns (text id, kind, author, time as stored, artifact, excerpt) in this order.</summary>
    public static async Task<IReadOnlyList<SearchCandidate>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var found = new List<SearchCandidate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new SearchCandidate(reader.GetInt64(0), Enum.Parse<SearchableKind>(reader.GetString(1)), reader.GetInt64(2),
                StoredTime.FromStored(reader.GetInt64(3)), reader.GetInt64(4), reader.GetString(5)));
        }
        return found;
    }
}

/// <summary>
/// The full-text index over comments, thread titles, proposal notes and endorsement comments, one per store
/// (<see cref="SqliteTextSearch"/>: FTS5; PostgreSQL: <c>tsvector</c> with a GIN index in the wiki's language). It only
/// proposes candidates: callers check every result against the text's and the author's visibility for the searcher.
/// </summary>
public interface ITextSearch
{
    /// <summary>Indexes a text in the command's transaction (the index never holds a text that was not committed).</summary>
    Task AddAsync(CommandContext context, SearchableText text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Texts containing every word of the query, best first, among those whose visibility is at most
    /// <paramref name="mostHiddenVisible"/>, within the query's wiki, author and time range.
    /// </summary>
    Task<IReadOnlyList<SearchCandidate>> FindAsync(JadeDbContext db, SearchQuery query, FieldVisibility mostHiddenVisible, CancellationToken cancellationToken = default);
}

/// <summary>Commands index what they write through this, in whichever store the app runs on.</summary>
public static class SearchIndex
{
    internal static Task AddAsync(CommandContext context, long textId, string body, SearchableKind kind, string wiki, long authorId, long artifactId, CancellationToken cancellationToken) =>
        context.Store.TextSearch.AddAsync(context, new SearchableText(textId, body, kind, wiki, authorId, artifactId), cancellationToken);
}
