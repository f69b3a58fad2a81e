using JadeStudio.Core.Jobs;

namespace JadeStudio.Tests.Core.Jobs;

/// <summary>How a job's progress reaches this node's pages.</summary>
public sealed class JobHubTests
{
    [Fact]
    public async Task A_page_that_fails_to_hear_a_job_move_neither_keeps_the_others_from_hearing_nor_fails_the_job()
    {
        var hub = new JobHub();
        var heard = new List<long>();
        hub.Changed += _ => throw new ObjectDisposedException("circuit", "A closing page.");
        hub.Changed += heard.Add;

        hub.Raise(7);
        await new InProcessJobSignal(hub).JobChangedAsync(8);

        Assert.Equal([7L, 8L], heard);
    }
}
