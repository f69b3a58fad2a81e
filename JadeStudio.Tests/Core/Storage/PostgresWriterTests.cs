using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Storage;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Storage;

[Trait("Store", "PostgreSql")]
public sealed class PostgresWriterTests
{
    [Fact]
    public async Task The_writer_has_the_server_keep_its_statements_prepared_once_they_repeat()
    {
        await using var node = new CoreHarness(DatabaseProvider.PostgreSql);
        var alice = await node.UserAsync("Alice");
        for (var revision = 1; revision <= 3; revision++)
        {
            (await node.Judgments.ProposeOrEndorseAsync(alice, CoreHarness.Propose(false, true, artifact: new ArtifactKey("enwiki", ArtifactType.Diff, revision)))).OrThrow();
        }

        // Asked on the writer's own connection: prepared statements belong to the server session that prepared them.
        var prepared = (await node.Writer.ExecuteAsync(context => context.Db.Database
            .SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync())).OrThrow();

        Assert.Contains(prepared, statement => statement.StartsWith("INSERT INTO endorsements", StringComparison.Ordinal));
        Assert.Contains(prepared, statement => statement.StartsWith("INSERT INTO proposals", StringComparison.Ordinal));
    }
}
