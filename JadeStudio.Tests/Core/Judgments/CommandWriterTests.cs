using JadeStudio.Core.Commands;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Judgments;

public sealed class CommandWriterTests
{
    [Fact]
    public async Task A_refused_command_in_a_batch_leaves_no_trace_and_the_others_commit()
    {
        await using var core = new CoreHarness();

        // Queued together, so the writer commits them in shared batches.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => core.Writer.ExecuteAsync(async context =>
        {
            context.Db.Texts.Add(new StoredText { Content = $"text {i}" });
            await context.Db.SaveChangesAsync();
            return i % 2 == 0 ? i : throw new JadeException(new JadeError.NoChange());
        })));

        await using var db = core.Database.CreateDbContext();
        var stored = await db.Texts.Select(t => t.Content).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 2 == 0).Select(i => $"text {i}").Order(), stored.Order());
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.IsType<JadeError.NoChange>(r.Error));
    }

    [Fact]
    public async Task An_unexpected_failure_reaches_its_caller_and_does_not_stop_the_writer()
    {
        await using var core = new CoreHarness();

        var failing = core.Writer.ExecuteAsync<int>(_ => throw new InvalidOperationException("bug"));
        var next = core.Writer.ExecuteAsync(_ => Task.FromResult(42));

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(42, (await next).Value);
    }
}
