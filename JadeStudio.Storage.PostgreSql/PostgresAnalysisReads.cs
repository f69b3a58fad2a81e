using JadeStudio.Core.Scores;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>PostgreSQL: each read one streamed query; label data and probabilities are read as <c>jsonb</c>.</summary>
public sealed class PostgresAnalysisReads : IAnalysisReads
{
    public async Task<(List<long> RevIds, List<bool> Positive)> HumanAnswersAsync(JadeDbContext db, HumanLabelSource source, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        // 1 for the positive class, 0 for the other JSON boolean, null when the answer does not say.
        const string answer = "(p.\"LabelData\"::jsonb -> @schema)::text";
        var sql = source switch
        {
            HumanLabelSource.Preferred => $"""
                SELECT a."RevId", CASE {answer} WHEN @positive THEN 1 WHEN 'true' THEN 0 WHEN 'false' THEN 0 END
                FROM proposals p JOIN artifacts a ON a."Id" = p."ArtifactId"
                WHERE p."Facet" = @facet AND p."Preferred" AND a."Wiki" = @wiki AND a."Type" = @type
                """,
            // The answer most endorsements support; ties (and no votes) give null.
            HumanLabelSource.Majority => $"""
                SELECT a."RevId", CASE WHEN 2 * SUM(v.yes) > SUM(v.vote) THEN 1 WHEN 2 * SUM(v.yes) < SUM(v.vote) THEN 0 END
                FROM (SELECT e."ArtifactId", ({answer} = @positive)::int AS yes, ({answer} IN ('true', 'false'))::int AS vote
                      FROM endorsements e JOIN proposals p ON p."Id" = e."ProposalId" WHERE e."Facet" = @facet) v
                JOIN artifacts a ON a."Id" = v."ArtifactId"
                WHERE a."Wiki" = @wiki AND a."Type" = @type
                GROUP BY a."RevId"
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };
        var (revIds, positive) = (new List<long>(), new List<bool>());
        await ReadAsync(db, sql, scope, reader =>
        {
            if (!reader.IsDBNull(1))
            {
                revIds.Add(reader.GetInt64(0));
                positive.Add(reader.GetInt32(1) == 1);
            }
        }, cancellationToken);
        return (revIds, positive);
    }

    public async Task<HashSet<long>> CampaignRevisionsAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var revisions = new HashSet<long>();
        await ReadAsync(db, """
            SELECT a."RevId" FROM campaign_tasks t JOIN artifacts a ON a."Id" = t."ArtifactId"
            WHERE t."CampaignId" = @campaign AND a."Wiki" = @wiki AND a."Type" = @type
            """, scope, reader => revisions.Add(reader.GetInt64(0)), cancellationToken);
        return revisions;
    }

    public async Task<(List<long> RevIds, List<double> Probabilities)> ScoresAsync(JadeDbContext db, AnalysisScope scope, CancellationToken cancellationToken = default)
    {
        var (revIds, probabilities) = (new List<long>(), new List<double>());
        await ReadAsync(db, """
            SELECT "RevId", ("Probabilities"::jsonb ->> @positiveClass)::float8 FROM scores
            WHERE "Wiki" = @wiki AND "Model" = @model AND "ModelVersion" = @version AND "ErrorType" IS NULL
            ORDER BY "RevId"
            """, scope, reader =>
        {
            revIds.Add(reader.GetInt64(0));
            probabilities.Add(reader.IsDBNull(1) ? double.NaN : reader.GetDouble(1));
        }, cancellationToken);
        return (revIds, probabilities);
    }

    private static async Task ReadAsync(JadeDbContext db, string sql, AnalysisScope scope, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("schema", scope.Model.Schema);
        command.Parameters.AddWithValue("positive", (object?)scope.Model.PositiveClass ?? DBNull.Value);
        command.Parameters.AddWithValue("positiveClass", scope.Model.PlainPositiveClass);
        command.Parameters.AddWithValue("facet", scope.Model.Facet);
        command.Parameters.AddWithValue("type", scope.ArtifactType);
        command.Parameters.AddWithValue("wiki", scope.Wiki);
        command.Parameters.AddWithValue("model", scope.Model.Model);
        command.Parameters.AddWithValue("version", scope.Version);
        command.Parameters.AddWithValue("campaign", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)scope.CampaignId ?? DBNull.Value);
        // Past EF Core's interceptors: the NUL character refused here as there.
        NulCharacterGuard.Check(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
