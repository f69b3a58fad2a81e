using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>A node stopped as a service manager stops it (SIGTERM, as systemd and Ctrl+C do) ends its process, cleanly.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_node_stopped_with_SIGTERM_shuts_its_scheduler_down_and_its_process_ends()
    {
        await using var node = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["JadeStudio__DemoData__Enabled"] = "false",
            // Quartz says when the scheduler started and stopped.
            ["Logging__LogLevel__Quartz.Core.QuartzScheduler"] = "Information",
        });
        await node.LineAsync(line => line.Contains("Scheduler JadeStudio", StringComparison.Ordinal) && line.EndsWith(" started.", StringComparison.Ordinal));

        // The scheduler's dispatch thread kept the process alive after the host had stopped, firing jobs into a disposed container.
        var exit = await node.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.True(exit == 0, "The process did not end within 30 s of SIGTERM (or ended with an error):\n" + node.Log);
        Assert.Contains(" Shutdown complete.", node.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", node.Log, StringComparison.Ordinal);
    }
}
