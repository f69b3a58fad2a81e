using System.Text.Json;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Scores;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Wikis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Bench;

/// <summary>What the seeded database holds for the scenarios.</summary>
public sealed record SeededData(long CampaignId, string UploadToken, string JudgeToken, ArtifactKey ReadArtifact, int Events, string AnalysisWiki, int AnalysisArtifacts, string DumpToken,
    long LabelingCampaignId);

/// <summary>
/// Creates the bench's data before the app starts: a few items through the real Core commands (so
/// every encoding is the app's own), then bulk copies of them in SQL to reach a million rows.
/// </summary>
public sealed class Seed(string databasePath) : IDbContextFactory<JadeDbContext>
{
    private readonly DbContextOptions<JadeDbContext> _options = Options(databasePath);

    private static DbContextOptions<JadeDbContext> Options(string path)
    {
        var builder = new DbContextOptionsBuilder<JadeDbContext>();
        SqliteDatabase.Configure(builder, path);
        return builder.Options;
    }

    public JadeDbContext CreateDbContext() => new(_options);

    public async Task<SeededData> RunAsync(int events, int analysisArtifacts)
    {
        await using (var db = CreateDbContext())
        {
            await SqliteDatabase.MigrateAsync(db);
        }
        var clock = TimeProvider.System;
        var schemas = SchemaCatalog.LoadEmbedded();
        var wikis = new WikiCatalog(WikiCatalog.Defaults);
        var actors = new ActorLoader(PermissionOptions.Defaults(), clock);
        await using var writer = new CommandWriter(new SqliteStore(databasePath), new EventHub(), clock);
        var users = new UserDirectory(writer, this);
        var judgments = new JudgmentService(writer, actors, schemas, wikis);
        var tokens = new ApiTokenService(writer, actors, this, clock);
        var campaigns = new CampaignService(writer, actors, judgments, schemas, wikis);

        async Task<ActorRef> UserAsync(string name, params string[] groups) => ActorRef.User((await users.RecordSignInAsync("bench", name, name, groups)).Id);

        var researcher = await UserAsync("Bench Researcher", "researcher");
        var terms = new JadeStudio.Core.Dumps.RedactionTerms(writer, actors, this);
        (await terms.AcceptAsync(researcher)).OrThrow();
        var uploadToken = (await tokens.CreateAsync(researcher, "bench upload", [Right.UploadArtifacts])).OrThrow().Secret;
        var campaign = (await campaigns.CreateAsync(researcher, new CampaignDraft("enwiki", "Bench import", "editquality", CampaignView.Diff, 1, 10, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        // Scenario 9's campaign: diffs from the wiki, one label per task, worksets of 30 (its tasks are uploaded by the scenario).
        var labeling = (await campaigns.CreateAsync(researcher, new CampaignDraft("enwiki", "Bench labeling", "editquality", CampaignView.Diff, 1, 30, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        var judge = await UserAsync("Bench Judge");
        (await terms.AcceptAsync(judge)).OrThrow();
        var judgeToken = (await tokens.CreateAsync(judge, "bench judge", [Right.Judge])).OrThrow().Secret;
        var steward = await UserAsync("Bench Oversighter", "oversight");
        (await terms.AcceptAsync(steward)).OrThrow();
        var dumpToken = (await tokens.CreateAsync(steward, "bench dumps", [Right.ViewPrivateDumps])).OrThrow().Secret;

        // Scenario 3's artifact: a page version with 5 proposals and 20 endorsements, notes and comments.
        var read = new ArtifactKey("enwiki", ArtifactType.Revision, 900_000_001);
        for (var i = 0; i < 20; i++)
        {
            var reviewer = await UserAsync($"Bench Reviewer {i}");
            var quality = 1 + i % 5;
            (await judgments.ProposeOrEndorseAsync(reviewer, new ProposeRequest(read, "contentquality", $"{{\"contentquality\":{quality}}}",
                i < 5 ? $"Assessed against the criteria for class {quality}; the lead and sourcing decide it." : null,
                $"Reviewer {i}: agree with class {quality}."))).OrThrow();
        }

        // Scenario 5's templates: one artifact judged damaging, one not, each with a score.
        var templates = new List<(long ArtifactId, string LabelData)>();
        foreach (var damaging in new[] { true, false })
        {
            var key = new ArtifactKey("cswiki", ArtifactType.Diff, damaging ? 1 : 2);
            (await judgments.ProposeOrEndorseAsync(judge, new ProposeRequest(key, "editquality", $"{{\"damaging\":{(damaging ? "true" : "false")},\"goodfaith\":true}}"))).OrThrow();
            await using var db = CreateDbContext();
            var artifact = await db.Artifacts.SingleAsync(a => a.Wiki == key.Wiki && a.RevId == key.RevId);
            templates.Add((artifact.Id, (await db.Proposals.SingleAsync(p => p.ArtifactId == artifact.Id)).LabelData));
        }
        await using (var db = CreateDbContext())
        {
            // Scenario 3's artifact as the wiki-content cache holds it once read from its wiki: the API's revision block.
            db.Add(new JadeStudio.Core.WikiContent.CachedRevision
            {
                Wiki = read.Wiki,
                RevId = read.RevId,
                ParentId = read.RevId - 1,
                PageId = 1,
                Title = "Bench page",
                Timestamp = clock.GetUtcNow().AddDays(-1),
                User = "Bench editor",
                UserId = 7,
                Comment = "bench edit",
                Size = 1040,
                ParentSize = 1000,
                FetchedAt = clock.GetUtcNow(),
            });
            db.Scores.Add(new StoredScore
            {
                Wiki = "cswiki",
                Model = "damaging",
                ModelVersion = "0.5.1",
                RevId = 1,
                Prediction = "true",
                Probabilities = JsonSerializer.Serialize(new Dictionary<string, double> { ["true"] = 0.9, ["false"] = 0.1 }),
                Source = "bench",
                FetchedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        await writer.DisposeAsync();

        await BulkAsync(events, analysisArtifacts, templates);
        return new SeededData(campaign.Id, uploadToken, judgeToken, read, events, "cswiki", analysisArtifacts, dumpToken, labeling.Id);
    }

    private async Task BulkAsync(int events, int analysisArtifacts, List<(long ArtifactId, string LabelData)> templates)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        async Task ExecAsync(string sql, params (string, object)[] parameters)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            await command.ExecuteNonQueryAsync();
        }
        const string Numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count) ";

        // Events: copies of the real ones, cycling through them, until there are `events`.
        await ExecAsync(Numbers + """
            INSERT INTO events (Type, At, ActorId, ActorVisibility, Wiki, ArtifactId, Facet, ProposalId, EndorsementId, SubjectUserId, SubjectVisibility, Audience, LabelData, PreviousLabelData, TextId, PreviousTextId, Data)
            SELECT e.Type, e.At, e.ActorId, e.ActorVisibility, e.Wiki, e.ArtifactId, e.Facet, e.ProposalId, e.EndorsementId, e.SubjectUserId, e.SubjectVisibility, e.Audience, e.LabelData, e.PreviousLabelData, e.TextId, e.PreviousTextId, e.Data
            FROM n JOIN events e ON e.Seq = 1 + (n.i % (SELECT MAX(Seq) FROM events))
            """, ("$count", Math.Max(0, events - await CountAsync(connection, transaction, "events"))));

        // Analysis: artifacts with a preferred proposal each (about 30 % damaging) and a score that leans the right way, with noise.
        await ExecAsync(Numbers + """
            INSERT INTO artifacts (Wiki, Type, RevId, PageTitle, Data, Source, CreatedAt, ProposalCount)
            SELECT a.Wiki, a.Type, 10000000 + n.i, NULL, NULL, a.Source, a.CreatedAt, 1 FROM n, artifacts a WHERE a.Id = $template
            """, ("$count", analysisArtifacts), ("$template", templates[0].ArtifactId));
        await ExecAsync("""
            INSERT INTO proposals (ArtifactId, Facet, LabelData, NotesTextId, AuthorId, AuthorVisibility, Preferred, CreatedAt, UpdatedAt, Version)
            SELECT a.Id, p.Facet, CASE WHEN (a.RevId * 2654435761) % 100 < 30 THEN $yes ELSE $no END, NULL, p.AuthorId, p.AuthorVisibility, 1, p.CreatedAt, p.UpdatedAt, 0
            FROM artifacts a, proposals p WHERE a.Wiki = 'cswiki' AND a.RevId > 10000000 AND p.ArtifactId = $template
            """, ("$yes", templates[0].LabelData), ("$no", templates[1].LabelData), ("$template", templates[0].ArtifactId));
        await ExecAsync("""
            INSERT INTO scores (Wiki, Model, ModelVersion, RevId, Prediction, Probabilities, ErrorType, ErrorMessage, Source, FetchedAt)
            SELECT s.Wiki, s.Model, s.ModelVersion, a.RevId, NULL,
                   printf('{"true":%.4f,"false":%.4f}', x.p, 1 - x.p), NULL, NULL, s.Source, s.FetchedAt
            FROM artifacts a
            JOIN (SELECT a2.Id AS id, CASE WHEN (a2.RevId * 2654435761) % 100 < 30 THEN 0.35 + 0.65 * ((a2.RevId * 7919) % 1000) / 1000.0
                                          ELSE 0.65 * ((a2.RevId * 7919) % 1000) / 1000.0 END AS p
                  FROM artifacts a2 WHERE a2.Wiki = 'cswiki' AND a2.RevId > 10000000) x ON x.id = a.Id,
                 scores s
            WHERE s.Wiki = 'cswiki' AND s.RevId = 1
            """);
        await transaction.CommitAsync();
    }

    private static async Task<int> CountAsync(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
