using System.Globalization;
using System.Text.Json;

namespace JadeStudio.Core.WikiContent;

/// <summary>Reads the Action API's answers (formatversion=2) into the content model; hidden parts stay null.</summary>
public static class MediaWikiParser
{
    public static WikiRevisionBatch Revisions(string wiki, JsonElement root)
    {
        var revisions = new List<WikiRevision>();
        var missing = new List<long>();
        if (!root.TryGetProperty("query", out var query))
        {
            return new WikiRevisionBatch(revisions, missing);
        }
        if (query.TryGetProperty("badrevids", out var bad))
        {
            // An object keyed by the id as a string.
            missing.AddRange(bad.EnumerateObject().Select(p => long.Parse(p.Name, CultureInfo.InvariantCulture)));
        }
        if (query.TryGetProperty("pages", out var pages))
        {
            foreach (var page in pages.EnumerateArray())
            {
                if (!page.TryGetProperty("revisions", out var pageRevisions))
                {
                    continue;
                }
                foreach (var revision in pageRevisions.EnumerateArray())
                {
                    revisions.Add(Revision(wiki, page, revision));
                }
            }
        }
        return new WikiRevisionBatch(revisions, missing);
    }

    private static WikiRevision Revision(string wiki, JsonElement page, JsonElement revision)
    {
        var hidden = new WikiHiding(
            User: Flag(revision, "userhidden"),
            Comment: Flag(revision, "commenthidden"),
            Text: Flag(revision, "sha1hidden") || (revision.TryGetProperty("slots", out var slots) && slots.TryGetProperty("main", out var main) && Flag(main, "texthidden")),
            Suppressed: Flag(revision, "suppressed"));
        return new WikiRevision(
            wiki,
            revision.GetProperty("revid").GetInt64(),
            revision.TryGetProperty("parentid", out var parent) ? parent.GetInt64() : 0,
            page.GetProperty("pageid").GetInt64(),
            page.GetProperty("ns").GetInt32(),
            page.GetProperty("title").GetString()!,
            revision.TryGetProperty("timestamp", out var timestamp) ? timestamp.GetDateTimeOffset() : default,
            hidden.User ? null : Text(revision, "user"),
            hidden.User ? null : revision.TryGetProperty("userid", out var userId) ? userId.GetInt64() : null,
            Flag(revision, "anon"),
            hidden.Comment ? null : Text(revision, "comment"),
            revision.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
            null,
            revision.TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(t => t.GetString()!).ToList() : [],
            Flag(revision, "minor"),
            hidden);
    }

    /// <summary>
    /// <c>list=blocks</c> (formatversion=2): <c>expiry</c> is a time or <c>infinity</c>; a partial block says
    /// <c>"partial": true</c> and lists its restrictions (pages, namespaces, actions).
    /// </summary>
    public static IReadOnlyList<WikiBlocks.WikiBlock> Blocks(JsonElement root)
    {
        if (!root.TryGetProperty("query", out var query) || !query.TryGetProperty("blocks", out var blocks))
        {
            return [];
        }
        static DateTimeOffset? Time(string? value) =>
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
        return [.. blocks.EnumerateArray().Select(block => new WikiBlocks.WikiBlock(
            block.GetProperty("id").GetInt64(),
            Text(block, "user") ?? "",
            Text(block, "by"),
            Time(Text(block, "timestamp")),
            Text(block, "expiry") is "infinity" or "infinite" or "indefinite" or null ? null : Time(Text(block, "expiry")),
            Text(block, "reason") ?? "",
            block.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True))];
    }

    /// <summary>
    /// <c>list=recentchanges</c> (formatversion=2). A user name or summary hidden on the wiki (<c>userhidden</c>,
    /// <c>commenthidden</c>) comes without its value and is kept without it.
    /// </summary>
    public static IReadOnlyList<Patrol.RecentEdit> RecentChanges(JsonElement root)
    {
        if (!root.TryGetProperty("query", out var query) || !query.TryGetProperty("recentchanges", out var changes))
        {
            return [];
        }
        static int Number(JsonElement change, string name) => change.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
        return [.. changes.EnumerateArray()
            .Where(c => c.TryGetProperty("revid", out var revId) && revId.GetInt64() > 0)
            .Select(c => new Patrol.RecentEdit(
                c.GetProperty("rcid").GetInt64(),
                c.GetProperty("revid").GetInt64(),
                c.TryGetProperty("old_revid", out var parent) ? parent.GetInt64() : 0,
                Text(c, "title") ?? "",
                Flag(c, "userhidden") ? null : Text(c, "user"),
                DateTimeOffset.Parse(Text(c, "timestamp")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Flag(c, "commenthidden") ? null : Text(c, "comment"),
                Number(c, "oldlen"),
                Number(c, "newlen"),
                Flag(c, "new") || Text(c, "type") == "new"))];
    }

    /// <summary>
    /// The compare answer: without any <c>from*</c> field the edit created the page (MediaWiki diffs it against an
    /// empty revision and only warns), else <c>fromrevid</c> is the parent.
    /// </summary>
    public static WikiDiff Diff(string wiki, long revId, JsonElement compare) => new(
        wiki,
        revId,
        compare.TryGetProperty("fromrevid", out var from) ? from.GetInt64() : null,
        compare.TryGetProperty("fromsize", out var fromSize) ? fromSize.GetInt64() : null,
        compare.TryGetProperty("tosize", out var toSize) ? toSize.GetInt64() : 0,
        Text(compare, "body") ?? "");

    private static bool Flag(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A string field; null when it is missing, of another type, or the element is no object.</summary>
    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
