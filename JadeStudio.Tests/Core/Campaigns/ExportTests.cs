using System.Text;
using System.Text.Json;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace JadeStudio.Tests.Core.Campaigns;

public sealed class ExportTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private long _campaign;

    public async Task InitializeAsync()
    {
        var researcher = await _core.UserAsync("Researcher", "researcher");
        _campaign = await _core.CampaignAsync(researcher, labelsPerTask: 3, tasksPerWorkset: 2);
        (await _core.UploadAsync(researcher, _campaign, "{\"rev_id\": 501, \"note\": \"=HYPERLINK(1)\"}\n{\"rev_id\": 502}\n", "t.jsonl")).OrThrow();
        // 501: damaging votes T,T,F (mean 0.67 > 0.5 → true); goodfaith T,F,unsure (mean 0.5 ≥ 0.5 → true).
        // 502: damaging F,unsure,T (mean 0.5, not > 0.5 → false); goodfaith unsure ×3 → left out.
        string[][] votes = [["true", "true", "true", "unsure"], ["true", "false", "unsure", "unsure"], ["false", "unsure", "true", "unsure"]];
        for (var i = 0; i < 3; i++)
        {
            var user = await _core.UserAsync("=cmd|' /C calc'!A" + i);
            var workset = (await _core.Campaigns.RequestWorksetAsync(user, _campaign)).OrThrow();
            await using var db = _core.Database.CreateDbContext();
            var tasks = await db.Assignments.Where(a => a.WorksetId == workset).OrderBy(a => a.Position).Select(a => a.TaskId).ToListAsync();
            (await _core.Campaigns.SaveLabelAsync(user, workset, tasks[0], new Dictionary<string, string> { ["damaging"] = votes[i][0], ["goodfaith"] = votes[i][1] })).OrThrow();
            (await _core.Campaigns.SaveLabelAsync(user, workset, tasks[1], new Dictionary<string, string> { ["damaging"] = votes[i][2], ["goodfaith"] = votes[i][3] })).OrThrow();
        }
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<string> ExportAsync(ExportFormat format, ActorRef? viewer = null, bool includeIncomplete = false)
    {
        using var output = new MemoryStream();
        await _core.Exports.WriteAsync(_campaign, format, output, await _core.ViewerAsync(viewer ?? ActorRef.Anonymous), includeIncomplete: includeIncomplete);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task The_editquality_shape_aggregates_damaging_by_mean_over_half_and_goodfaith_by_mean_at_least_half()
    {
        var lines = (await ExportAsync(ExportFormat.EditQuality)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["""{"rev_id":501,"damaging":true,"goodfaith":true,"auto_labeled":false,"complete":true,"labels":3,"damaging_answers":3,"goodfaith_answers":2}"""], lines);
    }

    [Fact]
    public async Task A_task_short_of_its_labels_is_left_out_unless_asked_for_and_then_marked()
    {
        var researcher = await _core.UserAsync("Researcher2", "researcher");
        var campaign = await _core.CampaignAsync(researcher, labelsPerTask: 2, tasksPerWorkset: 1, name: "Half done");
        (await _core.UploadAsync(researcher, campaign, "{\"rev_id\": 601}\n", "t.jsonl")).OrThrow();
        var labeler = await _core.UserAsync("Only labeler");
        var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        await using (var db = _core.Database.CreateDbContext())
        {
            var task = await db.Assignments.Where(a => a.WorksetId == workset).Select(a => a.TaskId).SingleAsync();
            (await _core.Campaigns.SaveLabelAsync(labeler, workset, task, new Dictionary<string, string> { ["damaging"] = "true", ["goodfaith"] = "false" })).OrThrow();
        }

        async Task<string> ExportOf(bool includeIncomplete)
        {
            using var output = new MemoryStream();
            await _core.Exports.WriteAsync(campaign, ExportFormat.EditQuality, output, await _core.ViewerAsync(ActorRef.Anonymous), includeIncomplete: includeIncomplete);
            return Encoding.UTF8.GetString(output.ToArray()).Trim();
        }

        Assert.Equal("", await ExportOf(includeIncomplete: false));
        Assert.Equal("""{"rev_id":601,"damaging":true,"goodfaith":false,"auto_labeled":false,"complete":false,"labels":1,"damaging_answers":1,"goodfaith_answers":1}""",
            await ExportOf(includeIncomplete: true));
    }

    [Fact]
    public async Task Tasks_without_labels_cost_the_csv_and_editquality_exports_no_round_trips_however_many_there_are()
    {
        var researcher = await _core.UserAsync("Researcher3", "researcher");
        var labeler = await _core.UserAsync("Labeler");

        // The same one label, in a campaign of one task and in one of 3,001 (the other 3,000 not labeled yet).
        async Task<long> CampaignWithOneLabelAsync(string name, int tasks)
        {
            var campaign = await _core.CampaignAsync(researcher, tasksPerWorkset: 1, name: name);
            (await _core.UploadAsync(researcher, campaign, string.Join("\n", Enumerable.Range(0, tasks).Select(i => 700_000 + i)), "t.txt")).OrThrow();
            var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
            await using var db = _core.Database.CreateDbContext();
            var task = await db.Assignments.Where(a => a.WorksetId == workset).Select(a => a.TaskId).SingleAsync();
            (await _core.Campaigns.SaveLabelAsync(labeler, workset, task, new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow();
            return campaign;
        }
        var small = await CampaignWithOneLabelAsync("One task", 1);
        var big = await CampaignWithOneLabelAsync("Mostly unlabeled", 3_001);

        // Each export on a context factory whose commands are counted (EF Core logs each one it executes).
        async Task<(string Output, int Commands)> ExportCountingAsync(long campaign, ExportFormat format)
        {
            using var log = new FakeLoggerProvider();
            using var logging = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
            var export = new CampaignExport(new JadeStudio.Core.Storage.StoreContextFactory(_core.Database.Store, logging), _core.Schemas);
            using var output = new MemoryStream();
            await export.WriteAsync(campaign, format, output, await _core.ViewerAsync(ActorRef.Anonymous));
            var commands = log.Collector.GetSnapshot().Count(r => r.Category == "Microsoft.EntityFrameworkCore.Database.Command" && r.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal));
            return (Encoding.UTF8.GetString(output.ToArray()).Replace("700000", "REV", StringComparison.Ordinal), commands);
        }

        foreach (var format in new[] { ExportFormat.Csv, ExportFormat.EditQuality })
        {
            var (smallOutput, smallCommands) = await ExportCountingAsync(small, format);
            var (bigOutput, bigCommands) = await ExportCountingAsync(big, format);
            Assert.Contains("REV", bigOutput, StringComparison.Ordinal);
            Assert.Equal(smallOutput.Split('\n').Length, bigOutput.Split('\n').Length);
            Assert.True(smallCommands > 0);
            Assert.Equal(smallCommands, bigCommands);
        }
    }

    [Fact]
    public async Task A_labeler_name_hidden_on_the_judgment_the_label_made_is_hidden_on_that_label_in_every_export_and_in_the_statistics()
    {
        var oversighter = await _core.UserAsync("Exporting oversighter", "oversight");
        await using (var db = _core.Database.CreateDbContext())
        {
            // The first labeler's endorsement of rev 501 was made by their campaign label.
            var endorsement = await db.Endorsements.Join(db.Users, e => e.UserId, u => u.Id, (e, u) => new { e.Id, u.Name, e.ArtifactId })
                .Join(db.Artifacts.Where(a => a.RevId == 501), x => x.ArtifactId, a => a.Id, (x, _) => x)
                .SingleAsync(x => x.Name == "=cmd|' /C calc'!A0");
            (await _core.Visibility.SetAsync(oversighter, new JadeStudio.Core.Oversight.VisibilityRequest(
                new JadeStudio.Core.Oversight.ItemRef(JadeStudio.Core.Oversight.ItemKind.Endorsement, endorsement.Id),
                JadeStudio.Core.Oversight.HideableField.User, JadeStudio.Core.Visibility.FieldVisibility.Suppressed, "test"))).OrThrow();
        }

        using var anonymous = JsonDocument.Parse(await ExportAsync(ExportFormat.WikiLabels));
        var labelsOf501 = anonymous.RootElement.GetProperty("tasks")[0].GetProperty("labels");
        Assert.True(labelsOf501[0].GetProperty("user_hidden").GetBoolean());
        Assert.False(labelsOf501[0].TryGetProperty("user", out _));
        // The same labeler's label on the other task carries nothing hidden.
        Assert.Equal("=cmd|' /C calc'!A0", anonymous.RootElement.GetProperty("tasks")[1].GetProperty("labels")[0].GetProperty("user").GetString());
        var csvRows = (await ExportAsync(ExportFormat.Csv)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(csvRows, row => row.Contains(",501,,(hidden),", StringComparison.Ordinal));

        using var privileged = JsonDocument.Parse(await ExportAsync(ExportFormat.WikiLabels, oversighter));
        Assert.Equal("=cmd|' /C calc'!A0", privileged.RootElement.GetProperty("tasks")[0].GetProperty("labels")[0].GetProperty("user").GetString());

        // The statistics do not count the hidden label under the labeler's name (which would tie it to them): it counts
        // in a row of hidden labelers.
        var stats = (await _core.CampaignQueries.StatsAsync(_campaign, await _core.ViewerAsync(ActorRef.Anonymous)))!;
        Assert.Equal([("=cmd|' /C calc'!A0", 1), ("=cmd|' /C calc'!A1", 2), ("=cmd|' /C calc'!A2", 2), (null, 1)],
            stats.Users.Select(u => (u.User.Name, u.Labels)).OrderBy(u => u.Name is null).ThenBy(u => u.Name, StringComparer.Ordinal));
        Assert.True(stats.Users.Single(u => u.User.Name is null).User.Hidden);
        var seenByOversighter = (await _core.CampaignQueries.StatsAsync(_campaign, await _core.ViewerAsync(oversighter)))!;
        Assert.Equal([("=cmd|' /C calc'!A0", 2), ("=cmd|' /C calc'!A1", 2), ("=cmd|' /C calc'!A2", 2)],
            seenByOversighter.Users.Select(u => (u.User.Name, u.Labels)).OrderBy(u => u.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_wiki_labels_shape_has_every_task_with_its_data_and_labels()
    {
        using var document = JsonDocument.Parse(await ExportAsync(ExportFormat.WikiLabels));

        var tasks = document.RootElement.GetProperty("tasks");
        Assert.Equal(2, tasks.GetArrayLength());
        Assert.Equal(501, tasks[0].GetProperty("data").GetProperty("rev_id").GetInt64());
        Assert.Equal("=HYPERLINK(1)", tasks[0].GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(3, tasks[0].GetProperty("labels").GetArrayLength());
        Assert.True(tasks[0].GetProperty("labels")[0].GetProperty("data").GetProperty("damaging").GetBoolean());
        Assert.Equal("unsure", tasks[1].GetProperty("labels")[1].GetProperty("data").GetProperty("damaging").GetString());
        Assert.Equal("editquality", document.RootElement.GetProperty("campaign").GetProperty("form").GetString());
    }

    [Fact]
    public async Task The_csv_has_each_tasks_page_title_from_the_content_cache_and_neutralises_formulas_in_every_field()
    {
        // 501's title was read from the wiki into the content cache; the export takes it from there.
        await using (var db = _core.Database.CreateDbContext())
        {
            db.Add(new JadeStudio.Core.WikiContent.CachedRevision { Wiki = "cswiki", RevId = 501, Title = "=Karlův most", FetchedAt = _core.Clock.Now });
            await db.SaveChangesAsync();
        }
        var csv = await ExportAsync(ExportFormat.Csv);

        // Read as a spreadsheet reads the file (RFC 4180): each cell a formula would start is text beginning with '.
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(row => DelimitedLine.Split(row, ',')!).ToArray();
        Assert.Equal(["task_id", "rev_id", "page_title", "user", "damaging", "goodfaith", "labeled_at"], rows[0]);
        Assert.Equal(7, rows.Length);
        Assert.All(rows.Skip(1), row => Assert.StartsWith("'=cmd|' /C calc'!A", row[3], StringComparison.Ordinal));
        Assert.DoesNotContain(rows.SelectMany(row => row), cell => cell.StartsWith('='));
        Assert.Equal(3, rows.Count(row => row[1] == "501" && row[2] == "'=Karlův most"));
        Assert.Equal(3, rows.Count(row => row[1] == "502" && row[2] == ""));
    }

    [Fact]
    public async Task An_uploaded_editor_name_whose_account_is_hidden_here_is_hidden_in_the_export_and_the_workset()
    {
        var researcher = await _core.UserAsync("Researcher3", "researcher");
        var campaign = await _core.CampaignAsync(researcher, labelsPerTask: 1, tasksPerWorkset: 2, name: "Named editors");
        (await _core.UploadAsync(researcher, campaign, "{\"rev_id\": 701, \"user\": \"Jane Doe lives at 12 Elm Street\"}\n{\"rev_id\": 702, \"user\": \"Plain editor\"}\n", "t.jsonl")).OrThrow();
        var troll = await _core.UserAsync("Jane Doe lives at 12 Elm Street");
        var oversighter = await _core.UserAsync("Hiding oversighter", "oversight", "sysop");
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(troll.UserId!.Value, true, [], [], [], null, "abusive user name", HideUser: true))).OrThrow();

        async Task<JsonElement> TasksFor(ActorRef viewer)
        {
            using var output = new MemoryStream();
            await _core.Exports.WriteAsync(campaign, ExportFormat.WikiLabels, output, await _core.ViewerAsync(viewer));
            return JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("tasks").Clone();
        }
        var anonymous = await TasksFor(ActorRef.Anonymous);
        Assert.Equal(JsonValueKind.Null, anonymous[0].GetProperty("data").GetProperty("user").ValueKind);
        Assert.Equal("Plain editor", anonymous[1].GetProperty("data").GetProperty("user").GetString());
        Assert.Equal("Jane Doe lives at 12 Elm Street", (await TasksFor(oversighter))[0].GetProperty("data").GetProperty("user").GetString());

        var labeler = await _core.UserAsync("Named labeler");
        var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        var items = (await _core.CampaignQueries.WorksetAsync(workset, labeler.UserId!.Value))!.Items;
        Assert.DoesNotContain("Elm Street", items[0].Data, StringComparison.Ordinal);
        Assert.Contains("Plain editor", items[1].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_editor_name_is_hidden_however_an_upload_spells_it_as_the_wiki_reads_names()
    {
        var researcher = await _core.UserAsync("Researcher4", "researcher");
        var campaign = await _core.CampaignAsync(researcher, labelsPerTask: 1, tasksPerWorkset: 4, name: "Spelled editors");
        // MediaWiki reads each of these as the user "Jane Roe at 12 Elm Street".
        var spellings = new[] { "jane Roe at 12 Elm Street", "Jane_Roe_at_12_Elm_Street", "Jane  Roe at 12 Elm Street ", "Jane\u00A0Roe\u200E at 12 Elm Street" };
        var upload = string.Concat(spellings.Select((name, i) => $"{{\"rev_id\": {801 + i}, \"user\": \"{name}\"}}\n"));
        (await _core.UploadAsync(researcher, campaign, upload, "t.jsonl")).OrThrow();
        var troll = await _core.UserAsync("Jane Roe at 12 Elm Street");
        var oversighter = await _core.UserAsync("Spelling oversighter", "oversight", "sysop");
        (await _core.Blocks.BlockAsync(oversighter, new BlockRequest(troll.UserId!.Value, true, [], [], [], null, "abusive user name", HideUser: true))).OrThrow();

        using var output = new MemoryStream();
        await _core.Exports.WriteAsync(campaign, ExportFormat.WikiLabels, output, await _core.ViewerAsync(ActorRef.Anonymous));
        var tasks = JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("tasks");
        Assert.All(tasks.EnumerateArray(), task => Assert.Equal(JsonValueKind.Null, task.GetProperty("data").GetProperty("user").ValueKind));
        var labeler = await _core.UserAsync("Spelling labeler");
        var workset = (await _core.Campaigns.RequestWorksetAsync(labeler, campaign)).OrThrow();
        Assert.All((await _core.CampaignQueries.WorksetAsync(workset, labeler.UserId!.Value))!.Items, item => Assert.DoesNotContain("Elm", item.Data, StringComparison.Ordinal));
    }
}
