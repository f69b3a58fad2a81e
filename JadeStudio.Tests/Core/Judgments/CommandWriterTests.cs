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
    public async Task What_a_refused_command_left_unsaved_is_not_written_by_the_commands_after_it()
    {
        await using var core = new CoreHarness();

        // The writer reuses its contexts: the refused command's unsaved row must not ride along with the next save.
        var refused = core.Writer.ExecuteAsync<int>(context =>
        {
            context.Db.Texts.Add(new StoredText { Content = "refused" });
            throw new JadeException(new JadeError.NoChange());
        });
        var saved = core.Writer.ExecuteAsync(async context =>
        {
            context.Db.Texts.Add(new StoredText { Content = "saved" });
            await context.Db.SaveChangesAsync();
            return 1;
        });
        await Task.WhenAll(refused, saved);
        (await core.Writer.ExecuteAsync(context => Task.FromResult(0))).OrThrow();

        await using var db = core.Database.CreateDbContext();
        Assert.Equal(["saved"], await db.Texts.Select(t => t.Content).ToListAsync());
        Assert.IsType<JadeError.NoChange>((await refused).Error);
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
