using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Oversight;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Schemas;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using JadeStudio.Storage.PostgreSql;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Storage;

/// <summary><c>db copy</c>: a SQLite database moved into a new PostgreSQL one keeps ids, the event log and hidden fields, and goes on from there.</summary>
[Trait("Store", "PostgreSql")]
public sealed class DatabaseCopyTests
{
    private static readonly WikiCatalog Wikis = new(WikiCatalog.Defaults);

    [Fact]
    public async Task A_copy_keeps_ids_events_and_hidden_fields_and_new_writes_continue_after_them()
    {
        await using var original = new CoreHarness(DatabaseProvider.Sqlite);
        var author = await original.UserAsync("Copied author", "autoconfirmed");
        var oversighter = await original.UserAsync("Copied oversighter", "oversight");
        var first = (await original.Judgments.ProposeOrEndorseAsync(author, CoreHarness.Propose(true, false, notes: "private address here"))).OrThrow();
        (await original.Visibility.SetAsync(oversighter, new VisibilityRequest(new ItemRef(ItemKind.Proposal, first.ProposalId!.Value), HideableField.Text,
            FieldVisibility.Suppressed, "personal data"))).OrThrow();
        await using var server = await PostgresServer.CreateMigratedDatabaseAsync();
        await using var target = new PostgresStore(server.ConnectionString, Wikis);

        var copied = await new PostgresDatabaseCopy(target, Wikis).CopyFromAsync(((SqliteStore)original.Database.Store).DatabasePath);

        Assert.Contains(copied, t => t.Table == "events" && t.Rows > 0);
        Assert.Contains(copied, t => t.Table == "text_search" && t.Rows == 1);
        await using var before = original.Database.CreateDbContext();
        await using var after = new StoreContextFactory(target).CreateDbContext();
        Assert.Equal(await before.Events.OrderBy(e => e.Seq).Select(e => new { e.Seq, e.Type, e.ActorId, e.TextId }).ToListAsync(),
            await after.Events.OrderBy(e => e.Seq).Select(e => new { e.Seq, e.Type, e.ActorId, e.TextId }).ToListAsync());
        Assert.Equal(FieldVisibility.Suppressed, (await after.Texts.SingleAsync(t => t.Id == before.Proposals.Single().NotesTextId)).Visibility);
        Assert.Equal(await before.Users.Select(u => u.Id).OrderBy(id => id).ToListAsync(), await after.Users.Select(u => u.Id).OrderBy(id => id).ToListAsync());

        // The copy is a working store: a new judgment gets the next ids and the next event position.
        var lastSeq = await after.Events.MaxAsync(e => e.Seq);
        var lastProposal = await after.Proposals.MaxAsync(p => p.Id);
        await using var writer = new CommandWriter(target, new EventHub(), TimeProvider.System);
        var judgments = new JudgmentService(writer, new ActorLoader(PermissionOptions.Defaults(), TimeProvider.System), SchemaCatalog.LoadEmbedded(), Wikis);
        var next = (await judgments.ProposeOrEndorseAsync(author, CoreHarness.Propose(false, true))).OrThrow();
        Assert.True(next.ProposalId > lastProposal);
        Assert.True(await after.Events.MinAsync(e => e.Seq) > 0);
        Assert.True(await after.Events.CountAsync(e => e.Seq > lastSeq) > 0);
    }

    [Fact]
    public async Task A_database_that_is_not_empty_is_refused_and_left_as_it_was()
    {
        await using var original = new CoreHarness(DatabaseProvider.Sqlite);
        await original.UserAsync("Someone");
        await using var server = await PostgresServer.CreateMigratedDatabaseAsync();
        await using var target = new PostgresStore(server.ConnectionString, Wikis);
        var path = ((SqliteStore)original.Database.Store).DatabasePath;
        await new PostgresDatabaseCopy(target, Wikis).CopyFromAsync(path);

        var refused = await Assert.ThrowsAsync<DatabaseStartupException>(() => new PostgresDatabaseCopy(target, Wikis).CopyFromAsync(path));

        Assert.Contains("not empty", refused.Message, StringComparison.Ordinal);
        await using var db = new StoreContextFactory(target).CreateDbContext();
        Assert.Equal(1, await db.Users.CountAsync());
    }
}
