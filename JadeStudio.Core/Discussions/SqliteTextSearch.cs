using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace JadeStudio.Core.Discussions;

/// <summary>The text index in SQLite: the FTS5 table <c>text_search</c> (rowid = text id), words folded without diacritics.</summary>
public sealed class SqliteTextSearch : ITextSearch
{
    public const string CreateTable =
        "CREATE VIRTUAL TABLE IF NOT EXISTS text_search USING fts5(body, kind UNINDEXED, wiki UNINDEXED, author UNINDEXED, at UNINDEXED, artifact UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')";

    public async Task AddAsync(CommandContext context, SearchableText text, CancellationToken cancellationToken = default)
    {
        var connection = (SqliteConnection)context.Db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)context.Db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "INSERT INTO text_search (rowid, body, kind, wiki, author, at, artifact) VALUES ($id, $body, $kind, $wiki, $author, $at, $artifact)";
        command.Parameters.AddWithValue("$id", text.TextId);
        command.Parameters.AddWithValue("$body", text.Body);
        command.Parameters.AddWithValue("$kind", text.Kind.ToString());
        command.Parameters.AddWithValue("$wiki", text.Wiki);
        command.Parameters.AddWithValue("$author", text.AuthorId);
        command.Parameters.AddWithValue("$at", StoredTime.ToStored(context.Now));
        command.Parameters.AddWithValue("$artifact", text.ArtifactId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SearchCandidate>> FindAsync(JadeDbContext db, SearchQuery query, FieldVisibility mostHiddenVisible, CancellationToken cancellationToken = default)
    {
        // Every word as an FTS5 string: the searcher's text is never read as query syntax.
        var words = query.Text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(w => "\"" + w.Replace("\"", "\"\"") + "\"").ToList();
        if (words.Count == 0)
        {
            return [];
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand();
        command.CommandText = """
            SELECT s.rowid, s.kind, s.author, s.at, s.artifact, snippet(text_search, 0, '', '', '…', 16)
            FROM text_search s JOIN texts t ON t.Id = s.rowid
            WHERE text_search MATCH $match AND t.Visibility <= $visible
              AND ($wiki IS NULL OR s.wiki = $wiki) AND ($author IS NULL OR s.author = $author)
              AND ($from IS NULL OR s.at >= $from) AND ($to IS NULL OR s.at < $to)
            ORDER BY rank LIMIT $limit
            """;
        command.Parameters.AddWithValue("$match", string.Join(" ", words));
        command.Parameters.AddWithValue("$visible", (int)mostHiddenVisible);
        command.Parameters.AddWithValue("$wiki", (object?)query.Wiki ?? DBNull.Value);
        command.Parameters.AddWithValue("$author", (object?)query.AuthorId ?? DBNull.Value);
        command.Parameters.AddWithValue("$from", query.From is { } from ? StoredTime.ToStored(from) : DBNull.Value);
        command.Parameters.AddWithValue("$to", query.To is { } to ? StoredTime.ToStored(to) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 200));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await SearchCandidate.ReadAllAsync(reader, cancellationToken);
    }
}
