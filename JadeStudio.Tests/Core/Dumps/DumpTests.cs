using System.Security.Cryptography;
using System.Text.Json;
using JadeStudio.Core.Discussions;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.Dumps;

public sealed class DumpTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _author = null!;
    private ActorRef _oversighter = null!;
    private long _proposalId;
    private const string Notes = "notes naming someone at 12 Elm Street";

    public async Task InitializeAsync()
    {
        _author = await _core.UserAsync("Dump Author", "autoconfirmed");
        _oversighter = await _core.UserAsync("Dump Oversighter", "oversight");
        _proposalId = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(true, false, notes: Notes))).OrThrow().ProposalId!.Value;
        (await _core.Discussions.StartThreadAsync(_author, new NewThread(CoreHarness.Diff, "A thread title", "An opening comment"))).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<Dictionary<string, string>> FilesAsync(Dump dump) => await DumpContents.ReadAllAsync(_core.DumpCatalog.DirectoryOf(dump));

    /// <summary>Null when the catalog opens the file for this reader (closed again at once), else its refusal.</summary>
    private async Task<DumpRefusal?> OpenRefusalAsync(long dumpId, string fileName, Actor reader)
    {
        var (file, refusal) = await _core.DumpCatalog.OpenFileAsync(dumpId, fileName, reader);
        Assert.True(file is null != refusal is null);
        if (file is not null)
        {
            await file.DisposeAsync();
        }
        return refusal;
    }

    private Task<JadeStudio.Core.Commands.Result<VisibilityChange>> SuppressNotesAsync() =>
        _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, _proposalId), HideableField.Text, FieldVisibility.Suppressed, "private information"));

    [Fact]
    public async Task A_dump_has_every_table_twice_with_a_manifest_whose_counts_and_hashes_match_the_files()
    {
        var dump = await _core.Dumps.WriteAsync(DumpKind.Public);

        Assert.Equal(DumpState.Ready, dump.State);
        var directory = _core.DumpCatalog.DirectoryOf(dump);
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, DumpFiles.ManifestName))).RootElement;
        Assert.Equal(DumpTables.SchemaVersion, manifest.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(dump.Position, manifest.GetProperty("position").GetInt64());
        var tables = manifest.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(DumpTables.All.Select(t => t.Name), tables.Select(t => t.GetProperty("name").GetString()));
        var contents = await FilesAsync(dump);
        foreach (var table in tables)
        {
            var rows = table.GetProperty("rows").GetInt64();
            foreach (var file in table.GetProperty("files").EnumerateArray())
            {
                var name = file.GetProperty("name").GetString()!;
                var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, name));
                Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), file.GetProperty("sha256").GetString());
                Assert.Equal(bytes.Length, file.GetProperty("bytes").GetInt64());
                Assert.Equal(rows, contents[name].Count(c => c == '\n'));
            }
        }
        Assert.Equal(1, tables.Single(t => t.GetProperty("name").GetString() == "proposals").GetProperty("rows").GetInt64());
        Assert.Contains("\"label\":\"{\\\"damaging\\\":true", contents["proposals.jsonl.gz"]);
        Assert.Contains("A thread title", contents["threads.parquet"]);
        Assert.Equal(dump.Done, dump.Total);
    }

    [Fact]
    public async Task Hidden_values_are_missing_from_every_public_file_and_present_in_the_full_dump()
    {
        (await SuppressNotesAsync()).OrThrow();
        (await _core.Blocks.BlockAsync(_oversighter, new BlockRequest(_author.UserId!.Value, true, [], [], [], null, "abusive name", HideUser: true))).OrThrow();

        var publicFiles = await FilesAsync(await _core.Dumps.WriteAsync(DumpKind.Public));
        var fullFiles = await FilesAsync(await _core.Dumps.WriteAsync(DumpKind.Full));

        foreach (var (name, text) in publicFiles)
        {
            Assert.DoesNotContain("Elm Street", text);
            Assert.DoesNotContain("Dump Author", text);
            Assert.DoesNotContain("private information", text);
        }
        Assert.Contains("\"notes_hidden\":true", publicFiles["proposals.jsonl.gz"]);
        Assert.Contains("Elm Street", fullFiles["proposals.jsonl.gz"]);
        Assert.Contains("Elm Street", fullFiles["proposals.parquet"]);
        Assert.Contains("Dump Author", fullFiles["events.parquet"]);
        // The suppression log (the reason) is in the full dump's events only.
        Assert.Contains("private information", fullFiles["events.jsonl.gz"]);
    }

    [Fact]
    public async Task After_a_suppression_the_older_dump_is_unavailable_the_next_lists_the_redaction_and_the_older_is_rewritten()
    {
        var reader = await _core.ViewerAsync(ActorRef.Anonymous);
        var before = await _core.Dumps.WriteAsync(DumpKind.Public);
        Assert.Contains(Notes, (await FilesAsync(before))["proposals.jsonl.gz"]);
        Assert.Null(await OpenRefusalAsync(before.Id, "proposals.parquet", reader));

        (await SuppressNotesAsync()).OrThrow();

        Assert.Equal(DumpRefusal.AwaitingRewrite, await OpenRefusalAsync(before.Id, "proposals.parquet", reader));
        Assert.Null(await _core.DumpCatalog.LatestPublicAsync());
        var after = await _core.Dumps.WriteAsync(DumpKind.Public);
        var afterFiles = await FilesAsync(after);
        Assert.DoesNotContain(Notes, string.Concat(afterFiles.Values));
        var redactions = afterFiles[DumpFiles.RedactionsName];
        Assert.Contains($"{{\"table\":\"proposals\",\"id\":{_proposalId},\"field\":\"notes\"}}", redactions);
        Assert.Contains("{\"table\":\"events\",\"seq\":", redactions);
        Assert.DoesNotContain("Elm", redactions);
        Assert.Equal(after.Id, (await _core.DumpCatalog.LatestPublicAsync())!.Id);

        Assert.Equal(1, await _core.Dumps.RewriteAsync());

        var rewritten = await FilesAsync(before);
        Assert.DoesNotContain(Notes, string.Concat(rewritten.Values));
        Assert.Contains("\"notes_hidden\":true", rewritten["proposals.jsonl.gz"]);
        Assert.Null(await OpenRefusalAsync(before.Id, "proposals.parquet", reader));
        var manifest = JsonDocument.Parse(rewritten[DumpFiles.ManifestName]).RootElement;
        Assert.NotEqual(JsonValueKind.Null, manifest.GetProperty("rewrittenAt").ValueKind);
        var proposalsFile = manifest.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "proposals").GetProperty("files")[0];
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_core.DumpCatalog.DirectoryOf(before), proposalsFile.GetProperty("name").GetString()!));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), proposalsFile.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task An_older_dump_without_the_redacted_item_is_checked_and_served_again_unchanged()
    {
        await using var db = _core.Database.CreateDbContext();
        var empty = await _core.Dumps.WriteAsync(DumpKind.Public);
        var before = await File.ReadAllBytesAsync(Path.Combine(_core.DumpCatalog.DirectoryOf(empty), "proposals.parquet"));
        var second = (await _core.Judgments.ProposeOrEndorseAsync(_author, CoreHarness.Propose(false, true, notes: "written after the first dump",
            artifact: new JadeStudio.Core.Artifacts.ArtifactKey("enwiki", JadeStudio.Core.Artifacts.ArtifactType.Diff, 42)))).OrThrow().ProposalId!.Value;
        (await _core.Visibility.SetAsync(_oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, second), HideableField.Text, FieldVisibility.Deleted, "test"))).OrThrow();

        Assert.Equal(0, await _core.Dumps.RewriteAsync());

        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_core.DumpCatalog.DirectoryOf(empty), "proposals.parquet")));
        Assert.Null(await OpenRefusalAsync(empty.Id, "proposals.parquet", await _core.ViewerAsync(ActorRef.Anonymous)));
    }

    [Fact]
    public async Task A_file_being_downloaded_is_read_to_its_end_when_its_dump_is_moved_away_a_swap_is_a_rewrite_and_gone_files_are_not_found()
    {
        var reader = await _core.ViewerAsync(ActorRef.Anonymous);
        var dump = await _core.Dumps.WriteAsync(DumpKind.Public);
        var directory = _core.DumpCatalog.DirectoryOf(dump);
        var expected = await File.ReadAllBytesAsync(Path.Combine(directory, "proposals.jsonl.gz"));

        var (file, _) = await _core.DumpCatalog.OpenFileAsync(dump.Id, "proposals.jsonl.gz", reader);
        // As a rewrite swaps the directory (its old files moved aside, then deleted) while the file is sent.
        Directory.Move(directory, directory + ".old");
        var duringSwap = await OpenRefusalAsync(dump.Id, "proposals.jsonl.gz", reader);
        Directory.Delete(directory + ".old", recursive: true);
        await using (file)
        {
            using var read = new MemoryStream();
            await file!.CopyToAsync(read);
            Assert.Equal(expected, read.ToArray());
        }

        // Between a rewrite's two moves the dump is being rewritten (ask again), not gone; once its files are gone, it is.
        Assert.Equal(DumpRefusal.AwaitingRewrite, duringSwap);
        Assert.Equal(DumpRefusal.NotFound, await OpenRefusalAsync(dump.Id, "proposals.jsonl.gz", reader));
    }

    [Fact]
    public async Task Full_dumps_are_refused_and_unlisted_without_viewprivatedumps()
    {
        var full = await _core.Dumps.WriteAsync(DumpKind.Full);
        var reviewer = await _core.ViewerAsync(_author);
        var oversighter = await _core.ViewerAsync(_oversighter);

        Assert.Equal(DumpRefusal.NoRight, await OpenRefusalAsync(full.Id, DumpFiles.ManifestName, reviewer));
        Assert.Equal(DumpRefusal.NoRight, await OpenRefusalAsync(full.Id, "events.jsonl.gz", await _core.ViewerAsync(ActorRef.Anonymous)));
        Assert.DoesNotContain(await _core.DumpCatalog.ListAsync(reviewer), l => l.Dump.Id == full.Id);
        Assert.Null(await OpenRefusalAsync(full.Id, "events.jsonl.gz", oversighter));
        Assert.Contains(await _core.DumpCatalog.ListAsync(oversighter), l => l.Dump.Id == full.Id && l.Available);
        Assert.Equal(DumpRefusal.NotFound, await OpenRefusalAsync(full.Id, "../../etc/passwd", oversighter));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_dumps_of_each_kind()
    {
        _core.DumpOptions.KeepPublic = 2;
        _core.DumpOptions.KeepFull = 1;
        var publics = new List<Dump>();
        for (var i = 0; i < 3; i++)
        {
            publics.Add(await _core.Dumps.WriteAsync(DumpKind.Public));
        }
        var fulls = new[] { await _core.Dumps.WriteAsync(DumpKind.Full), await _core.Dumps.WriteAsync(DumpKind.Full) };

        Assert.Equal(2, await _core.Dumps.PruneAsync());

        var left = (await _core.DumpCatalog.ListAsync(await _core.ViewerAsync(_oversighter))).Select(l => l.Dump.Id).ToHashSet();
        Assert.Equal(new HashSet<long> { publics[1].Id, publics[2].Id, fulls[1].Id }, left);
        Assert.False(Directory.Exists(_core.DumpCatalog.DirectoryOf(publics[0])));
        Assert.False(Directory.Exists(_core.DumpCatalog.DirectoryOf(fulls[0])));
    }

    [Fact]
    public async Task A_dump_left_writing_by_a_stopped_node_is_marked_failed_and_its_files_removed()
    {
        var interrupted = new Dump { Kind = DumpKind.Public, State = DumpState.Writing, CreatedAt = _core.Clock.Now };
        await using (var db = _core.Database.CreateDbContext())
        {
            db.Dumps.Add(interrupted);
            await db.SaveChangesAsync();
        }
        var partial = Directory.CreateDirectory(Path.Combine(_core.DumpOptions.Directory!, interrupted.DirectoryName + ".partial"));

        await _core.Dumps.AbandonInterruptedAsync();

        var listed = Assert.Single(await _core.DumpCatalog.ListAsync(await _core.ViewerAsync(ActorRef.Anonymous)));
        Assert.Equal(DumpState.Failed, listed.Dump.State);
        Assert.False(listed.Available);
        Assert.False(partial.Exists && Directory.Exists(partial.FullName));
    }
}
