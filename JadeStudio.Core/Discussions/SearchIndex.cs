using JadeStudio.Core.Commands;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace JadeStudio.Core.Discussions;

public enum SearchableKind
{
    Comment,
    Notes,
    ThreadTitle,
    EndorsementComment,
}

/// <summary>
/// The FTS5 index over comments, thread titles, proposal notes and endorsement comments (table <c>text_search</c>, rowid = text id). It only
/// finds candidates: every result is checked against the text's visibility for the searcher.
/// </summary>
public static class SearchIndex
{
    public const string CreateTable =
        "CREATE VIRTUAL TABLE IF NOT EXISTS text_search USING fts5(body, kind UNINDEXED, wiki UNINDEXED, author UNINDEXED, at UNINDEXED, artifact UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')";

    internal static async Task AddAsync(CommandContext context, long textId, string body, SearchableKind kind, string wiki, long authorId, long artifactId, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)context.Db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)context.Db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "INSERT INTO text_search (rowid, body, kind, wiki, author, at, artifact) VALUES ($id, $body, $kind, $wiki, $author, $at, $artifact)";
        command.Parameters.AddWithValue("$id", textId);
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$kind", kind.ToString());
        command.Parameters.AddWithValue("$wiki", wiki);
        command.Parameters.AddWithValue("$author", authorId);
        command.Parameters.AddWithValue("$at", new DateTimeOffsetToBinaryConverter().ConvertToProvider(context.Now)!);
        command.Parameters.AddWithValue("$artifact", artifactId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
