using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Storage.PostgreSql;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Storage;

/// <summary>
/// Two app nodes on one PostgreSQL database, each with its own single writer, writing at once: the rules that one writer
/// kept by ordering writes hold by constraints, row locks and retries, and the feed never skips or repeats an event.
/// </summary>
[Trait("Store", "PostgreSql")]
public sealed class MultiNodeTests
{
    private static readonly (bool Damaging, bool Goodfaith)[] Labels = [(false, true), (true, false), (true, true), (false, false)];

    [Fact]
    public async Task Sixty_four_users_judging_one_artifact_through_two_nodes_keep_every_JADE_rule_and_lose_no_write()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var users = new List<ActorRef>();
        for (var i = 0; i < 64; i++)
        {
            users.Add(await nodeA.UserAsync($"Node user {i}", "autoconfirmed"));
        }
        JudgmentService Through(int i) => (i % 2 == 0 ? nodeA : nodeB).Judgments;

        var firstRound = await Task.WhenAll(users.Select((user, i) => Task.Run(() => Through(i).ProposeOrEndorseAsync(user, Request(i)))));
        var secondRound = await Task.WhenAll(users.Select((user, i) => Task.Run(() => Through(i + 1).ProposeOrEndorseAsync(user, Request(i + 1)))));

        Assert.All(firstRound.Concat(secondRound), result => Assert.True(result.IsSuccess, result.Error?.Code));
        await using var db = nodeA.Database.CreateDbContext();
        var proposals = await db.Proposals.ToListAsync();
        var endorsements = await db.Endorsements.ToListAsync();
        JadeRules.AssertHeld(proposals, endorsements, users: 64);
        for (var i = 0; i < users.Count; i++)
        {
            var endorsement = endorsements.Single(e => e.UserId == users[i].UserId);
            Assert.Equal(Request(i + 1).LabelData, proposals.Single(p => p.Id == endorsement.ProposalId).LabelData);
        }
        // Every success is in the log once, and both nodes' views agree with the database.
        Assert.Equal((await nodeA.EditQualityAsync()).Proposals.Count, (await nodeB.EditQualityAsync()).Proposals.Count);
    }

    [Fact]
    public async Task Worksets_handed_out_by_two_nodes_at_once_never_give_a_task_to_more_people_than_it_needs_or_twice_to_one()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var researcher = await nodeA.UserAsync("Researcher", "researcher");
        var campaign = await nodeA.CampaignAsync(researcher, labelsPerTask: 2, tasksPerWorkset: 5);
        (await nodeA.UploadAsync(researcher, campaign, string.Join("\n", Enumerable.Range(1, 20).Select(i => 7000 + i)), "tasks.txt")).OrThrow();
        var labelers = new List<ActorRef>();
        for (var i = 0; i < 16; i++)
        {
            labelers.Add(await nodeA.UserAsync($"Labeler {i}"));
        }

        // 20 tasks × 2 labels = 40 places = 8 worksets of 5; 16 people ask at once, half on each node.
        var results = await Task.WhenAll(labelers.Select((user, i) => Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).Campaigns.RequestWorksetAsync(user, campaign))));

        Assert.Equal(8, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.IsType<JadeError.NoTasksLeft>(r.Error));
        await using var db = nodeA.Database.CreateDbContext();
        var assignments = await db.Assignments.ToListAsync();
        Assert.Equal(40, assignments.Count);
        Assert.All(assignments.GroupBy(a => a.TaskId), task => Assert.Equal(2, task.Select(a => a.UserId).Distinct().Count()));

        // Each task's two labelers save their labels at the same moment, one through each node: each task counts two.
        var worksetOf = results.Select((r, i) => (r, i)).Where(x => x.r.IsSuccess).ToDictionary(x => x.r.Value, x => labelers[x.i]);
        await Task.WhenAll(assignments.GroupBy(a => a.TaskId).Select(task => Task.WhenAll(task.Select((a, k) => Task.Run(async () =>
            (await (k == 0 ? nodeA : nodeB).Campaigns.SaveLabelAsync(worksetOf[a.WorksetId], a.WorksetId, a.TaskId,
                new Dictionary<string, string> { ["damaging"] = "false", ["goodfaith"] = "true" })).OrThrow())))));
        var counts = await db.CampaignTasks.Where(t => t.CampaignId == campaign).Select(t => t.LabelCount).ToListAsync();
        Assert.Equal(Enumerable.Repeat(2, 20), counts);
    }

    [Fact]
    public async Task A_feed_reader_paging_while_two_nodes_write_sees_every_event_exactly_once_in_order()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var users = new List<ActorRef>();
        for (var i = 0; i < 16; i++)
        {
            users.Add(await nodeA.UserAsync($"Writer {i}", "autoconfirmed"));
        }
        var reader = await nodeA.ViewerAsync(ActorRef.Anonymous);
        var start = await nodeA.Feed.LatestSeqAsync();

        // Each user judges 20 artifacts of their own through one node: 320 commands, in batches on both nodes at once.
        var writes = Task.WhenAll(users.Select((user, u) => Task.Run(async () =>
        {
            for (var j = 0; j < 20; j++)
            {
                var artifact = new ArtifactKey("enwiki", ArtifactType.Diff, 800_000 + u * 100 + j);
                (await (u % 2 == 0 ? nodeA : nodeB).Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(j % 2 == 0, true, artifact: artifact))).OrThrow();
            }
        })));
        // Meanwhile a reader pages through the feed as a tool would, from where it started, as fast as it can.
        var seen = new List<long>();
        var after = start;
        while (true)
        {
            var writing = !writes.IsCompleted;
            var page = Assert.IsType<FeedPage.Events>(await nodeB.Feed.ReadAsync(new FeedQuery(AfterSeq: after, Limit: 50), reader));
            seen.AddRange(page.Items.Select(e => e.Seq));
            after = page.Items.Count > 0 ? page.Items[^1].Seq : after;
            if (!writing && page.Items.Count == 0)
            {
                break;
            }
        }
        await writes;

        await using var db = nodeA.Database.CreateDbContext();
        var committed = await db.Events.Where(e => e.Seq > start && e.Audience == EventAudience.Public).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        Assert.True(committed.Count >= 320, $"{committed.Count} events for 320 judgments");
        Assert.Equal(committed, seen);
    }

    [Fact]
    public async Task An_event_written_before_another_nodes_but_committed_after_it_comes_after_it_in_the_feed()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Quick writer", "autoconfirmed");
        var reader = await nodeA.ViewerAsync(ActorRef.Anonymous);
        var start = await nodeA.Feed.LatestSeqAsync();
        // Node A writes an event and then holds its transaction open; node B writes and commits meanwhile.
        var (written, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        var slow = nodeA.Writer.ExecuteAsync(async context =>
        {
            context.Emit(new StoredEvent { Type = EventType.ArtifactsImported, Wiki = "enwiki", Data = "{\"source\":\"slow\"}" });
            await context.Db.SaveChangesAsync();
            written.SetResult();
            await release.Task;
            return true;
        });
        await written.Task;
        (await nodeB.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();

        // A reader pages past node B's events while node A's is not committed...
        var first = Assert.IsType<FeedPage.Events>(await nodeB.Feed.ReadAsync(new FeedQuery(AfterSeq: start), reader));
        release.SetResult();
        (await slow).OrThrow();
        // ...and still gets node A's next: its position was given when it committed.
        var next = Assert.IsType<FeedPage.Events>(await nodeB.Feed.ReadAsync(new FeedQuery(AfterSeq: first.Items[^1].Seq), reader));

        Assert.DoesNotContain(first.Items, e => e.Type == EventType.ArtifactsImported);
        Assert.Contains(first.Items, e => e.Type == EventType.ProposalCreated);
        Assert.Equal(EventType.ArtifactsImported, Assert.Single(next.Items).Type);
    }

    /// <summary>The relay a PostgreSQL node runs, for <paramref name="node"/>'s hub.</summary>
    private static PostgresCommitRelay Relay(CoreHarness node, PostgresStore store, int catchUpPageSize = 1_000) =>
        new(store, node.Database, node.Hub, new JadeStudio.Core.Jobs.JobHub(), Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresCommitRelay>.Instance)
        {
            CatchUpPageSize = catchUpPageSize,
        };

    /// <summary>The positions of the events a hub publishes, in the order it publishes them, and how many it publishes at once.</summary>
    private sealed class HeardEvents : IDisposable
    {
        private readonly List<long> _seqs = [];
        private readonly List<long[]> _batches = [];
        private readonly IDisposable _subscription;
        private (long Seq, TaskCompletionSource Heard)? _awaited;

        public HeardEvents(EventHub hub) => _subscription = hub.Subscribe(events =>
        {
            lock (_seqs)
            {
                _seqs.AddRange(events.Select(e => e.Seq));
                _batches.Add([.. events.Select(e => e.Seq)]);
                if (_awaited is { } awaited && _seqs.Contains(awaited.Seq))
                {
                    awaited.Heard.TrySetResult();
                }
            }
        });

        /// <summary>Completes once the event at <paramref name="seq"/> was published (at most 30 s).</summary>
        public Task UntilAsync(long seq)
        {
            lock (_seqs)
            {
                var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaited = (seq, heard);
                if (_seqs.Contains(seq))
                {
                    heard.TrySetResult();
                }
                return heard.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public List<long> Seqs()
        {
            lock (_seqs)
            {
                return [.. _seqs];
            }
        }

        /// <summary>The positions of each publication, one array per call of the hub.</summary>
        public List<long[]> Batches()
        {
            lock (_seqs)
            {
                return [.. _batches];
            }
        }

        public void Dispose() => _subscription.Dispose();
    }

    /// <summary>Completes when <paramref name="relay"/> listens for the second time: after a lost connection, again.</summary>
    private static Task ListeningAgain(PostgresCommitRelay relay)
    {
        var again = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listens = 0;
        relay.Listened += () =>
        {
            if (Interlocked.Increment(ref listens) == 2)
            {
                again.TrySetResult();
            }
        };
        return again.Task;
    }

    [Fact]
    public async Task Another_nodes_commits_reach_this_nodes_subscribers_once_and_in_order_and_renew_its_caches()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Relayed writer", "autoconfirmed");
        await using var store = (PostgresStore)nodeB.Database.OpenStore();
        var relay = Relay(nodeB, store);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        await relay.Listening;
        var start = await nodeA.Feed.LatestSeqAsync();
        using var heard = new HeardEvents(nodeB.Hub);
        var generation = nodeB.Hub.Generation;

        // Two judgments on node A, nothing written on node B.
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
        var other = await nodeA.UserAsync("Second relayed writer", "autoconfirmed");
        (await nodeA.Judgments.ProposeOrEndorseAsync(other, CoreHarness.Propose(false, true))).OrThrow();
        await using var db = nodeA.Database.CreateDbContext();
        var committed = await db.Events.Where(e => e.Seq > start).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        await heard.UntilAsync(committed[^1]);

        Assert.Equal(committed, heard.Seqs());
        Assert.True(nodeB.Hub.Generation > generation, "Node B's caches were not told of node A's commits.");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_relay_whose_connection_is_cut_listens_again_renews_its_caches_and_hears_the_next_commit()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Writer after a cut", "autoconfirmed");
        await using var store = (PostgresStore)nodeB.Database.OpenStore();
        var relay = Relay(nodeB, store);
        var listeningAgain = ListeningAgain(relay);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        await relay.Listening;
        var generation = nodeB.Hub.Generation;

        // The server ends the relay's session, as a restart or a network cut would.
        await using (var admin = store.DataSource.CreateCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()"))
        {
            Assert.True((bool)(await admin.ExecuteScalarAsync())!);
        }
        await listeningAgain.WaitAsync(TimeSpan.FromSeconds(60));
        // What happened while it was not listening is unknown: caches read before are renewed.
        Assert.True(nodeB.Hub.Generation > generation, "Node B's caches were not renewed after the lost connection.");

        var heard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = nodeB.Hub.Subscribe(events =>
        {
            // One commit's events arrive together, in order.
            if (events.Count > 0)
            {
                heard.TrySetResult(events[^1].Seq);
            }
        });
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
        await using var db = nodeA.Database.CreateDbContext();
        var committed = await db.Events.MaxAsync(e => e.Seq);
        Assert.Equal(committed, await heard.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task Commits_made_while_a_relay_could_not_listen_reach_its_subscribers_once_it_listens_again()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Writer during a cut", "autoconfirmed");
        // Node B hears commits over a line the test can cut, as when the network between it and the database goes away.
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(nodeA.Database.ServerConnectionString);
        await using var line = new TcpForwarder(direct.Host!, direct.Port);
        var throughLine = new Npgsql.NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = line.Port, Timeout = 3 };
        await using var store = new PostgresStore(throughLine.ConnectionString, nodeA.Wikis);
        // Catching up hands the hub at most two events at once, so the three commits made during the cut take pages.
        var relay = Relay(nodeB, store, catchUpPageSize: 2);
        var listeningAgain = ListeningAgain(relay);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        await relay.Listening;
        var before = await nodeA.Feed.LatestSeqAsync();
        using var heard = new HeardEvents(nodeB.Hub);

        await line.CutAsync();
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
        var other = await nodeA.UserAsync("Second writer during a cut", "autoconfirmed");
        (await nodeA.Judgments.ProposeOrEndorseAsync(other, CoreHarness.Propose(true, false))).OrThrow();
        (await nodeA.Judgments.ProposeOrEndorseAsync(other, CoreHarness.Propose(false, false))).OrThrow();
        var lastDuringCut = await nodeA.Feed.LatestSeqAsync();
        line.Restore();
        await listeningAgain.WaitAsync(TimeSpan.FromSeconds(60));
        // One more commit once it listens again, heard as usual.
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(false, true))).OrThrow();

        await using var db = nodeA.Database.CreateDbContext();
        var committed = await db.Events.Where(e => e.Seq > before).OrderBy(e => e.Seq).Select(e => e.Seq).ToListAsync();
        await heard.UntilAsync(committed[^1]);

        // Each commit once and in order, those made during the cut included, and never more than a page at once.
        Assert.Equal(committed, heard.Seqs());
        var caughtUp = heard.Batches().Where(batch => batch.Any(seq => seq <= lastDuringCut)).ToList();
        Assert.True(caughtUp.Count >= 2, $"the commits made during the cut came in {caughtUp.Count} publication(s)");
        Assert.All(caughtUp, batch => Assert.InRange(batch.Length, 1, 2));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_relay_that_listened_before_the_database_had_its_schema_hears_the_commits_made_once_it_has()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Writer after the migration", "autoconfirmed");
        await using var store = (PostgresStore)nodeB.Database.OpenStore();
        // As a node that starts before the operator migrates the database: the events' table is not there yet.
        await ExecuteAsync(store, "ALTER TABLE events RENAME TO events_not_yet");
        var relay = Relay(nodeB, store);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        await relay.Listening;
        using var heard = new HeardEvents(nodeB.Hub);
        await ExecuteAsync(store, "ALTER TABLE events_not_yet RENAME TO events");

        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
        var committed = await nodeA.Feed.LatestSeqAsync();

        await heard.UntilAsync(committed);
        Assert.Contains(committed, heard.Seqs());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_relay_that_could_not_read_a_notices_events_listens_again_and_catches_up_instead_of_going_deaf()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var user = await nodeA.UserAsync("Writer while a read fails", "autoconfirmed");
        await using var store = (PostgresStore)nodeB.Database.OpenStore();
        var contexts = new FailingContexts(nodeB.Database);
        var relay = new PostgresCommitRelay(store, contexts, nodeB.Hub, new JadeStudio.Core.Jobs.JobHub(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresCommitRelay>.Instance);
        var listeningAgain = ListeningAgain(relay);
        using var stop = new CancellationTokenSource();
        var running = relay.RunAsync(stop.Token);
        await relay.Listening;
        using var heard = new HeardEvents(nodeB.Hub);

        // The next read of events fails as a broken pooled connection does; the listening connection itself is fine.
        contexts.FailNext = new Npgsql.NpgsqlException("The pooled connection was broken.");
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow();
        var first = await nodeA.Feed.LatestSeqAsync();
        await listeningAgain.WaitAsync(TimeSpan.FromSeconds(60));
        (await nodeA.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(false, true))).OrThrow();
        var second = await nodeA.Feed.LatestSeqAsync();

        await heard.UntilAsync(second);
        Assert.Contains(first, heard.Seqs());
        Assert.Null(contexts.FailNext);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private static async Task ExecuteAsync(PostgresStore store, string sql)
    {
        await using var command = store.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A node's contexts, whose next one fails with <see cref="FailNext"/> while it is set (once).</summary>
    private sealed class FailingContexts(IDbContextFactory<JadeDbContext> inner) : IDbContextFactory<JadeDbContext>
    {
        private Exception? _failNext;

        public Exception? FailNext { get => Volatile.Read(ref _failNext); set => Volatile.Write(ref _failNext, value); }

        public JadeDbContext CreateDbContext() => Interlocked.Exchange(ref _failNext, null) is { } failure ? throw failure : inner.CreateDbContext();
    }

    [Fact]
    public async Task A_command_that_keeps_losing_to_another_write_is_run_five_times_then_refused_as_a_write_conflict_changing_nothing()
    {
        await using var node = new CoreHarness(DatabaseProvider.PostgreSql);
        var user = await node.UserAsync("Loser", "autoconfirmed");
        var existing = (await node.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false))).OrThrow().ProposalId!.Value;
        await using var before = node.Database.CreateDbContext();
        var original = await before.Proposals.AsNoTracking().SingleAsync(p => p.Id == existing);
        var runs = 0;

        // As if another node had inserted the same label set first, every time: the unique index refuses it.
        var result = await node.Writer.ExecuteAsync(context =>
        {
            Interlocked.Increment(ref runs);
            context.Db.Proposals.Add(new Proposal
            {
                ArtifactId = original.ArtifactId,
                Facet = original.Facet,
                LabelData = original.LabelData,
                AuthorId = original.AuthorId,
                CreatedAt = context.Now,
                UpdatedAt = context.Now,
            });
            return Task.FromResult(true);
        });

        Assert.IsType<JadeError.WriteConflict>(result.Error);
        Assert.Equal(5, runs);
        Assert.Equal(1, await node.CountAsync(db => db.Set<Proposal>()));
    }

    [Fact]
    public async Task When_the_servers_connection_breaks_the_next_write_is_refused_as_unavailable_and_the_one_after_is_saved()
    {
        await using var node = new CoreHarness(DatabaseProvider.PostgreSql);
        var user = await node.UserAsync("Survivor", "autoconfirmed");
        // The server ends every other connection to the database, the writer's too, as a restart or a network fault would.
        await using (var db = node.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }
        ((PostgresStore)node.Database.Store).DataSource.Clear();

        var refused = await node.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false));
        var saved = await node.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(true, false));

        Assert.IsType<JadeError.DatabaseUnavailable>(refused.Error);
        Assert.True(saved.IsSuccess, saved.Error?.Code);
        Assert.Equal(1, await node.CountAsync(db => db.Set<Proposal>()));
    }

    [Fact]
    public async Task An_upload_that_meets_another_nodes_new_artifact_on_the_way_runs_again_and_stores_every_line()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var researcher = await nodeA.UserAsync("Researcher", "researcher");
        var campaign = await nodeB.CampaignAsync(researcher, "enwiki");
        // Node A adds an artifact for the upload's second revision and holds its transaction open.
        var (written, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        var holding = nodeA.Writer.ExecuteAsync(async context =>
        {
            var artifact = new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = 7_000_002, CreatedAt = context.Now };
            context.Db.Artifacts.Add(artifact);
            await context.Db.SaveChangesAsync();
            written.SetResult();
            await release.Task;
            return artifact.Id;
        });
        await written.Task;

        // Node B's upload waits for that row; once node A commits, its insert meets a unique violation, and it runs again.
        var upload = nodeB.UploadAsync(researcher, campaign, "7000001\n7000002\n7000003\n", "tasks.txt");
        await UntilAStatementWaitsForALockAsync(nodeA, "INSERT INTO artifacts");
        release.SetResult();
        var nodeAsArtifact = (await holding).OrThrow();
        var report = (await upload).OrThrow();

        Assert.Equal(3, report.Imported);
        await using var db = nodeA.Database.CreateDbContext();
        var tasks = await db.CampaignTasks.Where(t => t.CampaignId == campaign).OrderBy(t => t.Position)
            .Join(db.Artifacts, t => t.ArtifactId, a => a.Id, (t, a) => new { a.Id, a.RevId }).ToListAsync();
        Assert.Equal([7_000_001L, 7_000_002L, 7_000_003L], tasks.Select(t => t.RevId));
        Assert.Equal(nodeAsArtifact, tasks[1].Id);
    }

    [Fact]
    public async Task A_score_upload_chosen_as_a_deadlocks_victim_runs_again_and_stores_every_line()
    {
        await using var nodeA = new CoreHarness(DatabaseProvider.PostgreSql);
        await using var nodeB = nodeA.SecondNode();
        var researcher = await nodeA.UserAsync("Researcher", "researcher");
        const string Upsert = """
            INSERT INTO scores ("Wiki", "Model", "ModelVersion", "RevId", "Prediction", "Source", "FetchedAt") VALUES ('enwiki', 'damaging', '0.5.1', {0}, 'node A', 'node A', 0)
            ON CONFLICT ("Wiki", "Model", "ModelVersion", "RevId") DO UPDATE SET "Prediction" = excluded."Prediction"
            """;
        // Of two transactions in a deadlock, PostgreSQL refuses the one whose check runs first: node B's connections
        // (opened from here on) check after 5 s, node A's transaction below never, so node B is refused whenever node A
        // comes to wait less than 5 s after it.
        await using (var setup = nodeA.Database.CreateDbContext())
        {
            await setup.Database.ExecuteSqlRawAsync("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET deadlock_timeout = ''5s''', current_database()); END $$");
        }
        // Node A writes revision 2's score and holds its transaction open; node B's file has revision 1's, then 2's.
        var (written, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        var holding = nodeA.Writer.ExecuteAsync(async context =>
        {
            await context.Db.Database.ExecuteSqlRawAsync("SET LOCAL deadlock_timeout = '10min'");
            await context.Db.Database.ExecuteSqlRawAsync(Upsert, [2L]);
            written.SetResult();
            await release.Task;
            // Waits for node B's revision 1 while node B waits for this transaction's revision 2: a deadlock.
            await context.Db.Database.ExecuteSqlRawAsync(Upsert, [1L]);
            return true;
        });
        await written.Task;
        using var file = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            "rev_id,model,version,prediction,probability\n1,damaging,0.5.1,true,0.9\n2,damaging,0.5.1,false,0.2\n"));
        var upload = nodeB.ScoreImports.ImportAsync(researcher, "enwiki", file, "scores.csv", "file:scores.csv", ImportMode.AllOrNothing, 10_000_000);
        await UntilAStatementWaitsForALockAsync(nodeA, "INSERT INTO scores");
        release.SetResult();
        (await holding).OrThrow();
        var report = (await upload).OrThrow();

        Assert.Equal(2, report.Imported);
        await using var db = nodeA.Database.CreateDbContext();
        Assert.Equal([(1L, "true"), (2L, "false")], (await db.Scores.OrderBy(s => s.RevId).Select(s => new { s.RevId, s.Prediction }).ToListAsync()).Select(s => (s.RevId, s.Prediction)));
    }

    /// <summary>
    /// Until a statement beginning with <paramref name="statement"/> waits for another transaction's lock on the database.
    /// PostgreSQL announces no lock wait (no notification, nothing to block on that does not also block the waiter), so
    /// this reads <c>pg_stat_activity</c> until it shows one; the pause between reads only paces them, and no result of
    /// the tests depends on its length, only on the wait having begun.
    /// </summary>
    private static async Task UntilAStatementWaitsForALockAsync(CoreHarness node, string statement)
    {
        await using var db = node.Database.CreateDbContext();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND ltrim(query) LIKE {statement + "%"}
            """).SingleAsync() == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"No statement \"{statement}…\" came to wait for a lock.");
            await Task.Delay(10);
        }
    }

    private static ProposeRequest Request(int i)
    {
        var (damaging, goodfaith) = Labels[i % Labels.Length];
        return CoreHarness.Propose(damaging, goodfaith);
    }
}
