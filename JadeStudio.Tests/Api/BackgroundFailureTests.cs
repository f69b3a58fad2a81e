using JadeStudio.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JadeStudio.Tests.Api;

/// <summary>A node whose background service fails must not end as if an operator had stopped it.</summary>
public sealed class BackgroundFailureTests
{
    [Fact]
    public async Task A_background_service_that_fails_after_the_start_is_named_once_the_host_has_stopped()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<Waits>();
        builder.Services.AddHostedService<FailsAfterTheStart>();
        using var host = builder.Build();
        var background = BackgroundFailures.Watch(host.Services);

        // The failure stops the host by itself; the timeout only keeps a broken test from hanging.
        await host.RunAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("The background service FailsAfterTheStart failed and stopped the app: the feed's store is gone", background.Explain());
    }

    [Fact]
    public async Task A_host_stopped_by_its_operator_reports_no_failure()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<Waits>();
        using var host = builder.Build();
        var background = BackgroundFailures.Watch(host.Services);
        await host.StartAsync();

        await host.StopAsync();

        Assert.Null(background.Explain());
    }

    /// <summary>A service that works until the host stops it, as the app's workers do.</summary>
    private sealed class Waits : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class FailsAfterTheStart : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the feed's store is gone");
        }
    }
}
