using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>
/// The text index in PostgreSQL: table <c>text_search</c> with a <c>tsvector</c> per text in its wiki's language (English
/// stems for enwiki, German for dewiki; words as written, lower-cased, where PostgreSQL 15 has no configuration for the language) and a GIN
/// index. A query is read in the language of the wiki it is limited to, else in each language of the configured wikis.
/// </summary>
public sealed class PostgresTextSearch(WikiCatalog wikis) : ITextSearch
{
    public async Task AddAsync(CommandContext context, SearchableText text, CancellationToken cancellationToken = default)
    {
        await context.Db.Database.ExecuteSqlRawAsync("""
            INSERT INTO text_search (text_id, kind, wiki, author, at, artifact, body, config, document)
            SELECT {0}, {1}, {2}, {3}, {4}, {5}, {6}, c.config, to_tsvector(c.config, {6})
            FROM (SELECT {7}::regconfig AS config) c
            """,
            [text.TextId, text.Kind.ToString(), text.Wiki, text.AuthorId, StoredTime.ToStored(context.Now), text.ArtifactId, text.Body,
                TextSearchLanguages.ConfigurationFor(wikis.Find(text.Wiki)?.Language)],
            cancellationToken);
    }

    public async Task<IReadOnlyList<SearchCandidate>> FindAsync(JadeDbContext db, SearchQuery query, FieldVisibility mostHiddenVisible, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return [];
        }
        var languages = (query.Wiki is { } wiki ? [wikis.Find(wiki)?.Language] : wikis.All.Select(w => (string?)w.Language))
            .Select(TextSearchLanguages.ConfigurationFor).Distinct().ToList();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand
        {
            Connection = (NpgsqlConnection)db.Database.GetDbConnection(),
            Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
            // plainto_tsquery: the searcher's words are words, never query syntax; all of them must occur.
            CommandText = $"""
                SELECT s.text_id, s.kind, s.author, s.at, s.artifact,
                       ts_headline(s.config, s.body, q.words, 'StartSel="", StopSel="", MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1')
                FROM (SELECT {string.Join(" || ", languages.Select((_, i) => $"plainto_tsquery(@language{i}::regconfig, @text)"))} AS words) q
                JOIN text_search s ON s.document @@ q.words
                JOIN texts t ON t."Id" = s.text_id
                WHERE t."Visibility" <= @visible
                  AND (@wiki::text IS NULL OR s.wiki = @wiki) AND (@author::bigint IS NULL OR s.author = @author)
                  AND (@from::bigint IS NULL OR s.at >= @from) AND (@to::bigint IS NULL OR s.at < @to)
                ORDER BY ts_rank(s.document, q.words) DESC, s.text_id DESC
                LIMIT @limit
                """,
        };
        for (var i = 0; i < languages.Count; i++)
        {
            command.Parameters.AddWithValue("language" + i, languages[i]);
        }
        command.Parameters.AddWithValue("text", query.Text);
        command.Parameters.AddWithValue("visible", (int)mostHiddenVisible);
        command.Parameters.AddWithValue("wiki", NpgsqlTypes.NpgsqlDbType.Text, (object?)query.Wiki ?? DBNull.Value);
        command.Parameters.AddWithValue("author", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)query.AuthorId ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.Bigint, query.From is { } from ? StoredTime.ToStored(from) : DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlTypes.NpgsqlDbType.Bigint, query.To is { } to ? StoredTime.ToStored(to) : DBNull.Value);
        command.Parameters.AddWithValue("limit", Math.Clamp(query.Limit, 1, 200));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await SearchCandidate.ReadAllAsync(reader, cancellationToken);
    }
}

/// <summary>PostgreSQL's built-in text search configurations by a wiki's language code.</summary>
public static class TextSearchLanguages
{
    private static readonly Dictionary<string, string> Configurations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ar"] = "arabic",
        ["hy"] = "armenian",
        ["eu"] = "basque",
        ["ca"] = "catalan",
        ["da"] = "danish",
        ["nl"] = "dutch",
        ["en"] = "english",
        ["fi"] = "finnish",
        ["fr"] = "french",
        ["de"] = "german",
        ["el"] = "greek",
        ["hi"] = "hindi",
        ["hu"] = "hungarian",
        ["id"] = "indonesian",
        ["ga"] = "irish",
        ["it"] = "italian",
        ["lt"] = "lithuanian",
        ["ne"] = "nepali",
        ["no"] = "norwegian",
        ["nb"] = "norwegian",
        ["nn"] = "norwegian",
        ["pt"] = "portuguese",
        ["ro"] = "romanian",
        ["ru"] = "russian",
        ["sr"] = "serbian",
        ["es"] = "spanish",
        ["sv"] = "swedish",
        ["ta"] = "tamil",
        ["tr"] = "turkish",
        ["yi"] = "yiddish",
    };

    /// <summary>The configuration's name, or <c>simple</c> (words lower-cased, not stemmed) for other languages.</summary>
    public static string ConfigurationFor(string? language) =>
        language is not null && Configurations.TryGetValue(language.Split('-')[0], out var configuration) ? configuration : "simple";
}
