using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Campaigns;

public enum ExportFormat
{
    /// <summary>The campaign with every task and its labels, as Wiki Labels served it.</summary>
    WikiLabels,
    /// <summary>
    /// JSON Lines for editquality training: {"rev_id","damaging","goodfaith","auto_labeled":false}, with the
    /// counts behind each aggregate. Complete tasks only, unless incomplete ones are asked for (then marked).
    /// </summary>
    EditQuality,
    /// <summary>One row per label; formula prefixes neutralised.</summary>
    Csv,
}

/// <summary>
/// Streams campaign labels out in pages of tasks, so memory stays flat however big the campaign.
/// User names pass through the redaction function with the reader's rights.
/// </summary>
public sealed class CampaignExport(IDbContextFactory<JadeDbContext> contexts, SchemaCatalog schemas)
{
    private const int PageSize = 1_000;

    /// <param name="PageTitle">From the upload, else from the wiki-content cache (read without asking the wiki); null when neither has it.</param>
    private sealed record TaskRow(long TaskId, long Position, long ArtifactId, long RevId, string? PageTitle, string? Data, List<CampaignLabel> Labels);

    /// <param name="includeIncomplete">editquality only: also tasks with fewer labels than the campaign asks for, marked <c>"complete": false</c>.</param>
    public async Task WriteAsync(long campaignId, ExportFormat format, Stream output, Actor viewer, CancellationToken cancellationToken = default, bool includeIncomplete = false)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, cancellationToken);
        var facet = schemas.FindFacet(campaign.Facet)!;
        switch (format)
        {
            case ExportFormat.WikiLabels:
                await WriteWikiLabelsAsync(db, campaign, output, viewer, cancellationToken);
                break;
            case ExportFormat.EditQuality:
                await WriteEditQualityAsync(db, campaign, facet, output, viewer, includeIncomplete, cancellationToken);
                break;
            case ExportFormat.Csv:
                await WriteCsvAsync(db, campaign, facet, output, viewer, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The campaign's tasks in upload order with their labels; the upload data as <paramref name="viewer"/> may see it.</summary>
    /// <param name="labeledOnly">
    /// Only tasks with at least one label, found by the database: a big campaign with few labels yet is answered in one
    /// pass over its tasks, not in a round trip for each thousand of them.
    /// </param>
    private static async IAsyncEnumerable<TaskRow> TasksAsync(JadeDbContext db, Campaign campaign, Actor viewer, bool labeledOnly,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var campaignId = campaign.Id;
        var tasks = db.CampaignTasks.AsNoTracking().Where(t => t.CampaignId == campaignId);
        if (labeledOnly)
        {
            tasks = tasks.Where(t => db.CampaignLabels.Any(l => l.TaskId == t.Id));
        }
        long after = long.MinValue;
        while (true)
        {
            var page = await tasks.Where(t => t.Position > after).OrderBy(t => t.Position).Take(PageSize)
                .Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => new { t.Id, t.Position, t.ArtifactId, a.RevId, a.PageTitle, t.Data })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                yield break;
            }
            var ids = page.Select(p => p.Id).ToList();
            var labels = (await db.CampaignLabels.AsNoTracking().Where(l => ids.Contains(l.TaskId)).OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken)).ToLookup(l => l.TaskId);
            var untitled = page.Where(p => p.PageTitle is null).Select(p => p.RevId).ToList();
            var titles = await db.Set<WikiContent.CachedRevision>().AsNoTracking().Where(r => r.Wiki == campaign.Wiki && untitled.Contains(r.RevId))
                .ToDictionaryAsync(r => r.RevId, r => r.Title, cancellationToken);
            var hidden = await TaskDataNames.HiddenAmongAsync(db, page.Select(p => p.Data), viewer.Rights, cancellationToken);
            foreach (var task in page)
            {
                yield return new TaskRow(task.Id, task.Position, task.ArtifactId, task.RevId, task.PageTitle ?? titles.GetValueOrDefault(task.RevId),
                    TaskDataNames.Redact(task.Data, hidden), labels[task.Id].ToList());
            }
            after = page[^1].Position;
        }
    }

    private static async Task WriteWikiLabelsAsync(JadeDbContext db, Campaign campaign, Stream output, Actor viewer, CancellationToken cancellationToken)
    {
        var names = await LabelerNames.LoadAsync(db, campaign.Id, viewer, cancellationToken: cancellationToken);
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteStartObject("campaign");
        json.WriteNumber("id", campaign.Id);
        json.WriteString("name", campaign.Name);
        json.WriteString("wiki", campaign.Wiki);
        json.WriteString("form", campaign.Facet);
        json.WriteString("view", campaign.View == CampaignView.Diff ? "DiffToPrevious" : "PageAsOfRevision");
        json.WriteNumber("labels_per_task", campaign.LabelsPerTask);
        json.WriteNumber("tasks_per_assignment", campaign.TasksPerWorkset);
        json.WriteBoolean("active", campaign.Active);
        json.WriteString("info_url", campaign.InfoUrl);
        json.WriteString("created", campaign.CreatedAt);
        json.WriteEndObject();
        json.WriteStartArray("tasks");
        await foreach (var task in TasksAsync(db, campaign, viewer, labeledOnly: false, cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", task.TaskId);
            json.WriteStartObject("data");
            json.WriteNumber("rev_id", task.RevId);
            if (task.Data is not null)
            {
                using var data = JsonDocument.Parse(task.Data);
                foreach (var property in data.RootElement.EnumerateObject())
                {
                    property.WriteTo(json);
                }
            }
            json.WriteEndObject();
            json.WriteStartArray("labels");
            foreach (var label in task.Labels)
            {
                json.WriteStartObject();
                var who = names.On(task.TaskId, label.UserId);
                if (who.Hidden)
                {
                    json.WriteBoolean("user_hidden", true);
                }
                else
                {
                    json.WriteNumber("user_id", who.Id!.Value);
                    json.WriteString("user", who.Name);
                }
                json.WritePropertyName("data");
                WriteAnswers(json, label.Answers);
                json.WriteString("timestamp", label.UpdatedAt);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>Answers as JSON values: booleans and numbers as such, "unsure" as the string.</summary>
    private static void WriteAnswers(Utf8JsonWriter json, string answers)
    {
        using var parsed = JsonDocument.Parse(answers);
        json.WriteStartObject();
        foreach (var property in parsed.RootElement.EnumerateObject())
        {
            var token = property.Value.GetString()!;
            json.WritePropertyName(property.Name);
            if (token == Answers.Unsure)
            {
                json.WriteStringValue(Answers.Unsure);
            }
            else
            {
                json.WriteRawValue(token);
            }
        }
        json.WriteEndObject();
    }

    /// <summary>
    /// damaging = mean &gt; 0.5, goodfaith = mean ≥ 0.5 over the definite answers ("unsure" is no answer);
    /// tasks without a definite answer to both are left out. Each line says how many answers it rests on.
    /// </summary>
    private static async Task WriteEditQualityAsync(JadeDbContext db, Campaign campaign, Facet facet, Stream output, Actor viewer, bool includeIncomplete, CancellationToken cancellationToken)
    {
        if (facet.Id != "editquality")
        {
            throw new InvalidOperationException("The editquality export needs an editquality campaign.");
        }
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        // A task without labels has no answer to aggregate, complete or not.
        await foreach (var task in TasksAsync(db, campaign, viewer, labeledOnly: true, cancellationToken))
        {
            var complete = task.Labels.Count >= campaign.LabelsPerTask;
            if (!complete && !includeIncomplete)
            {
                continue;
            }
            var answers = task.Labels.Select(l => JsonSerializer.Deserialize<Dictionary<string, string>>(l.Answers)!).ToList();
            var damaging = answers.Select(a => a["damaging"]).Where(v => v != Answers.Unsure).Select(v => v == "true" ? 1.0 : 0.0).ToList();
            var goodfaith = answers.Select(a => a["goodfaith"]).Where(v => v != Answers.Unsure).Select(v => v == "true" ? 1.0 : 0.0).ToList();
            if (damaging.Count == 0 || goodfaith.Count == 0)
            {
                continue;
            }
            await writer.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["rev_id"] = task.RevId,
                ["damaging"] = damaging.Average() > 0.5,
                ["goodfaith"] = goodfaith.Average() >= 0.5,
                ["auto_labeled"] = false,
                ["complete"] = complete,
                ["labels"] = task.Labels.Count,
                ["damaging_answers"] = damaging.Count,
                ["goodfaith_answers"] = goodfaith.Count,
            }));
        }
    }

    private static async Task WriteCsvAsync(JadeDbContext db, Campaign campaign, Facet facet, Stream output, Actor viewer, CancellationToken cancellationToken)
    {
        var names = await LabelerNames.LoadAsync(db, campaign.Id, viewer, cancellationToken: cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        // CsvHelper quotes what needs quoting and neutralises spreadsheet formulas (a leading = + - @ gets a ').
        await using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" }, true);
        foreach (var column in new[] { "task_id", "rev_id", "page_title", "user" }.Concat(facet.Schemas.Select(s => s.Id)).Append("labeled_at"))
        {
            csv.WriteField(column);
        }
        await csv.EndRecordAsync(cancellationToken);
        await foreach (var task in TasksAsync(db, campaign, viewer, labeledOnly: true, cancellationToken))
        {
            foreach (var label in task.Labels)
            {
                var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(label.Answers)!;
                var who = names.On(task.TaskId, label.UserId);
                csv.WriteField(task.TaskId);
                csv.WriteField(task.RevId);
                csv.WriteField(task.PageTitle ?? "");
                csv.WriteField(who.Hidden ? "(hidden)" : who.Name);
                foreach (var schema in facet.Schemas)
                {
                    csv.WriteField(answers.GetValueOrDefault(schema.Id, "").Trim('"'));
                }
                csv.WriteField(label.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                await csv.EndRecordAsync(cancellationToken);
            }
        }
    }
}
