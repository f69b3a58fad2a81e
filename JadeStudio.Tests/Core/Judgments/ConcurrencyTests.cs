using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Judgments;

public sealed class ConcurrencyTests
{
    private static readonly (bool Damaging, bool Goodfaith)[] Labels = [(false, true), (true, false), (true, true), (false, false)];

    [Fact]
    public async Task Fifty_users_endorsing_different_labels_at_once_keep_every_invariant_and_lose_no_write()
    {
        await using var core = new CoreHarness();
        var users = new List<ActorRef>();
        for (var i = 0; i < 50; i++)
        {
            users.Add(await core.UserAsync($"Concurrent{i}", "autoconfirmed"));
        }

        // Everyone proposes-or-endorses at once; then everyone moves to other labels at once.
        var firstRound = await Task.WhenAll(users.Select((user, i) => Task.Run(() => core.Judgments.ProposeOrEndorseAsync(user, Request(i)))));
        var secondRound = await Task.WhenAll(users.Select((user, i) => Task.Run(() => core.Judgments.ProposeOrEndorseAsync(user, Request(i + 1)))));

        Assert.All(firstRound.Concat(secondRound), result => Assert.True(result.IsSuccess, result.Error?.Code));
        await using var db = core.Database.CreateDbContext();
        var proposals = await db.Proposals.ToListAsync();
        var endorsements = await db.Endorsements.ToListAsync();
        JadeRules.AssertHeld(proposals, endorsements, users: 50);
        // Every acknowledged write is there: each user's endorsement sits on the labels of their last request.
        for (var i = 0; i < users.Count; i++)
        {
            var endorsement = endorsements.Single(e => e.UserId == users[i].UserId);
            Assert.Equal(Request(i + 1).LabelData, proposals.Single(p => p.Id == endorsement.ProposalId).LabelData);
        }
    }

    [Fact]
    public async Task Committed_judgments_survive_reopening_the_database()
    {
        var database = new TestDatabase();
        try
        {
            var hub = new JadeStudio.Core.Events.EventHub();
            var clock = TimeProvider.System;
            var schemas = JadeStudio.Core.Schemas.SchemaCatalog.LoadEmbedded();
            var wikis = new JadeStudio.Core.Wikis.WikiCatalog(JadeStudio.Core.Wikis.WikiCatalog.Defaults);
            var actors = new ActorLoader(PermissionOptions.Defaults(), clock);
            await using (var writer = new JadeStudio.Core.Commands.CommandWriter(database.Store, hub, clock))
            {
                var user = ActorRef.User((await new JadeStudio.Core.Users.UserDirectory(writer, database).RecordSignInAsync("t", "d", "D", [])).Id);
                (await new JudgmentService(writer, actors, schemas, wikis).ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            await using var db = database.CreateDbContext();
            Assert.Equal(CoreHarness.EditQuality(true, false), (await db.Proposals.SingleAsync()).LabelData);
        }
        finally
        {
            database.Dispose();
        }
    }

    private static ProposeRequest Request(int i)
    {
        var (damaging, goodfaith) = Labels[i % Labels.Length];
        return CoreHarness.Propose(damaging, goodfaith);
    }
}
