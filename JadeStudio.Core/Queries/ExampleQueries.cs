namespace JadeStudio.Core.Queries;

/// <summary>An example shipped with the query page; its title is the UI message <c>jadestudio-query-example-{Id}</c>.</summary>
public sealed record ExampleQuery(string Id, string Sql);

/// <summary>Examples that show how the dump's tables join: judgments with scores, with the wiki's pages and with reviewers.</summary>
public static class ExampleQueries
{
    public static IReadOnlyList<ExampleQuery> All { get; } =
    [
        new("model-agreement", """
            -- How often the preferred edit-quality judgment agrees with the damaging model (probability 0.5 and up), per wiki.
            SELECT a.wiki,
                   count(*) AS judged_and_scored,
                   round(avg(CASE WHEN json_extract(p.label, '$.damaging')::BOOLEAN = (json_extract(s.probabilities, '$.true')::DOUBLE >= 0.5)
                                  THEN 1 ELSE 0 END), 3) AS agreement
            FROM proposals p
            JOIN artifacts a ON a.id = p.artifact_id
            JOIN scores s ON s.wiki = a.wiki AND s.rev_id = a.rev_id AND s.model = 'damaging' AND s.probabilities IS NOT NULL
            WHERE p.preferred AND p.facet = 'editquality'
            GROUP BY a.wiki
            ORDER BY judged_and_scored DESC
            """),
        new("disputed-pages", """
            -- Pages whose edits drew competing judgments: most proposals first, then most endorsements.
            SELECT a.wiki, a.page_title, a.rev_id,
                   count(DISTINCT p.id) AS competing_judgments,
                   count(DISTINCT e.id) AS endorsements
            FROM artifacts a
            JOIN proposals p ON p.artifact_id = a.id
            LEFT JOIN endorsements e ON e.proposal_id = p.id
            GROUP BY a.wiki, a.page_title, a.rev_id
            HAVING count(DISTINCT p.id) > 1
            ORDER BY competing_judgments DESC, endorsements DESC
            LIMIT 50
            """),
        new("reviewer-activity", """
            -- Judgments (endorsements, the author's own included) per reviewer and month; hidden names are not in the dump.
            SELECT user_name AS reviewer,
                   strftime(date_trunc('month', created_at), '%Y-%m') AS month,
                   count(*) AS judgments
            FROM endorsements
            WHERE user_name IS NOT NULL
            GROUP BY ALL
            ORDER BY month DESC, judgments DESC
            """),
        new("edits-by-editor", """
            -- Judged edits by the wiki's editor (from the cached wiki metadata), with how many were judged damaging.
            SELECT a.wiki, a.editor,
                   count(*) AS judged_edits,
                   count(*) FILTER (WHERE json_extract(p.label, '$.damaging')::BOOLEAN) AS judged_damaging
            FROM artifacts a
            JOIN proposals p ON p.artifact_id = a.id AND p.preferred AND p.facet = 'editquality'
            WHERE a.editor IS NOT NULL
            GROUP BY ALL
            ORDER BY judged_edits DESC
            LIMIT 100
            """),
    ];

    public static ExampleQuery? Find(string? id) => All.FirstOrDefault(e => e.Id == id);
}
