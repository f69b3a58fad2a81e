using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Core.Demo;

/// <summary>
/// Loads the real Wikimedia files from shared/data as demo content on first start: cswiki edits
/// from a Wiki Labels task list (also as the labeling campaign that list was made for, so the demo can be labeled
/// at once), Wikidata edits, and nlwiki's manually extracted article-quality labels as judgments of a demo user.
/// Every row is marked <c>demo:&lt;file&gt;</c>; the campaign and the users are named "Demo: …".
/// Each step is one transaction and is skipped when its rows are there, so a first start stopped half-way (the
/// cswiki campaign made but its tasks not yet uploaded) is completed by the next start instead of left as it was.
/// </summary>
public sealed class DemoDataSeeder(CommandWriter writer, JudgmentService judgments, UserDirectory users, CampaignService campaigns, ImportService imports,
    IDbContextFactory<JadeDbContext> contexts, ILogger<DemoDataSeeder> logger)
{
    public const string CsWikiFile = "cswiki.revisions_for_review.5k_2016.json";
    public const string WikidataFile = "wikidatawiki.balanced_revisions.20k_2015.json";
    public const string NlWikiFile = "nlwiki.human_labels.manually_extracted.2021-09-23.json";
    public const string DemoUserSubject = "nlwiki-human-labels-2021-09-23";
    public const string CampaignOwnerSubject = "cswiki-wikilabels-2016";
    public const string CsWikiCampaignName = "Demo: cswiki edit quality (Wiki Labels task list, 2016)";

    public async Task SeedAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        await ImportArtifactsAsync(Path.Combine(dataDirectory, CsWikiFile), "cswiki", ArtifactType.Diff, cancellationToken);
        await CreateCsWikiCampaignAsync(Path.Combine(dataDirectory, CsWikiFile), cancellationToken);
        await ImportArtifactsAsync(Path.Combine(dataDirectory, WikidataFile), "wikidatawiki", ArtifactType.Diff, cancellationToken);
        await ImportNlWikiLabelsAsync(Path.Combine(dataDirectory, NlWikiFile), cancellationToken);
    }

    /// <summary>Streams a JSON Lines task list into artifacts; fields other than rev_id are kept as task data.</summary>
    private async Task ImportArtifactsAsync(string path, string wiki, ArtifactType type, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            logger.LogWarning("Demo data file {Path} is missing; skipped.", path);
            return;
        }
        var source = Artifact.DemoSourcePrefix + Path.GetFileName(path);
        if (await HasArtifactsFromAsync(source, cancellationToken))
        {
            return;
        }
        var result = await writer.ExecuteAsync(async context =>
        {
            await using var insert = await StoreCommand.CreateAsync(context.Db, """
                INSERT INTO artifacts ("Wiki", "Type", "RevId", "PageTitle", "Data", "Source", "CreatedAt") VALUES (@wiki, @type, @rev, @title, @data, @source, @created)
                ON CONFLICT DO NOTHING
                """, cancellationToken);
            var (revParameter, titleParameter, dataParameter) = (insert.Parameter("@rev"), insert.Parameter("@title"), insert.Parameter("@data"));
            insert.Parameter("@wiki", wiki);
            insert.Parameter("@type", ArtifactKey.TypeName(type));
            insert.Parameter("@source", source);
            // Stored exactly as the model stores DateTimeOffset (see JadeDbContext.ConfigureConventions).
            insert.Parameter("@created", StoredTime.ToStored(context.Now));
            var imported = 0;
            await foreach (var (revId, title, data) in ReadTaskLinesAsync(path, cancellationToken))
            {
                revParameter.Set(revId);
                titleParameter.Set(title);
                dataParameter.Set(data);
                imported += await insert.ExecuteAsync(cancellationToken);
            }
            context.Emit(new StoredEvent
            {
                Type = EventType.ArtifactsImported,
                Wiki = wiki,
                Data = JsonSerializer.Serialize(new { source, count = imported }),
            });
            return imported;
        }, cancellationToken);
        logger.LogInformation("Demo data: {Count} {Wiki} artifacts from {File}.", result.OrThrow(), wiki, Path.GetFileName(path));
    }

    /// <summary>
    /// The cswiki file is the task list of Wiki Labels' Czech edit-quality campaign (<c>wikilabels task_inserts</c> read
    /// it): uploaded as it was into a campaign of the same form, by a demo researcher, through the upload every researcher
    /// uses. Its tasks are the demo artifacts loaded just before.
    /// </summary>
    private async Task CreateCsWikiCampaignAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return;
        }
        var owner = await users.RecordSignInAsync("demo", CampaignOwnerSubject, "Demo: cswiki Wiki Labels (2016)", ["researcher"], cancellationToken: cancellationToken);
        long? madeBefore;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            madeBefore = await db.Campaigns.Where(c => c.CreatedById == owner.Id && c.Name == CsWikiCampaignName).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
            if (madeBefore is { } id && await db.CampaignTasks.AnyAsync(t => t.CampaignId == id, cancellationToken))
            {
                return;
            }
        }
        var campaignId = madeBefore ?? (await campaigns.CreateAsync(ActorRef.User(owner.Id), new CampaignDraft("cswiki", CsWikiCampaignName, "editquality", CampaignView.Diff,
            LabelsPerTask: 1, TasksPerWorkset: 20, WorksetLifetime: TimeSpan.FromDays(1), Active: true, InfoUrl: null,
            Instructions: "Demo data: the real task list of the Czech Wikipedia's 2016 edit-quality campaign (5,000 edits, half of them auto-labeled as needing review). "
                + "For each edit, say whether it is **damaging** and whether it was made in **good faith**; judge the edit, not the editor."), cancellationToken)).OrThrow().Id;
        await using var file = File.OpenRead(path);
        var report = (await imports.ImportAsync(ActorRef.User(owner.Id), campaignId, file, Path.GetFileName(path), ImportMode.AllOrNothing, file.Length, cancellationToken: cancellationToken)).OrThrow();
        logger.LogInformation("Demo data: campaign {Campaign} with {Count} cswiki tasks.", campaignId, report.Imported);
    }

    private async Task ImportNlWikiLabelsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            logger.LogWarning("Demo data file {Path} is missing; skipped.", path);
            return;
        }
        var source = Artifact.DemoSourcePrefix + Path.GetFileName(path);
        if (await HasArtifactsFromAsync(source, cancellationToken))
        {
            return;
        }
        var demoUser = await users.RecordSignInAsync("demo", DemoUserSubject, "Demo: nlwiki human labels (2021-09-23)", [], cancellationToken: cancellationToken);
        // The judgments and the marks on the artifacts they create are one transaction: all of them or none.
        var labelled = (await writer.ExecuteAsync(async context =>
        {
            var count = 0;
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
            {
                using var row = JsonDocument.Parse(line);
                var revId = row.RootElement.GetProperty("rev_id").GetInt64();
                var label = row.RootElement.GetProperty("wp10").GetString()!;
                var notes = row.RootElement.TryGetProperty("notes", out var n) ? n.GetString() : null;
                var request = new ProposeRequest(new ArtifactKey("nlwiki", ArtifactType.Revision, revId), "contentquality",
                    LabelData.Canonical([("contentquality", JsonSerializer.Serialize(label))]), notes, null, Origins.Demo);
                var outcome = await judgments.ProposeOrEndorseWithinAsync(context, ActorRef.User(demoUser.Id), request, cancellationToken);
                if (outcome is not null && await context.Db.Artifacts.FindAsync([outcome.ArtifactId], cancellationToken) is { } artifact)
                {
                    // A demo row, with the page title the file carries.
                    artifact.PageTitle = row.RootElement.TryGetProperty("page_title", out var t) ? t.GetString() : null;
                    artifact.Source = source;
                    count++;
                }
            }
            await context.Db.SaveChangesAsync(cancellationToken);
            return count;
        }, cancellationToken)).OrThrow();
        logger.LogInformation("Demo data: {Count} nlwiki human labels as judgments of a demo user.", labelled);
    }

    private async Task<bool> HasArtifactsFromAsync(string source, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Artifacts.AnyAsync(a => a.Source == source, cancellationToken);
    }

    private static async IAsyncEnumerable<(long RevId, string? Title, string? Data)> ReadTaskLinesAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var row = JsonDocument.Parse(line);
            var revId = row.RootElement.GetProperty("rev_id").GetInt64();
            var title = row.RootElement.TryGetProperty("page_title", out var t) ? t.GetString() : null;
            var extra = row.RootElement.EnumerateObject().Where(p => p.Name is not ("rev_id" or "page_title")).ToList();
            var data = extra.Count == 0 ? null : "{" + string.Join(",", extra.Select(p => JsonSerializer.Serialize(p.Name) + ":" + p.Value.GetRawText())) + "}";
            yield return (revId, title, data);
        }
    }
}
