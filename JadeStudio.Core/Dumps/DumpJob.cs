using JadeStudio.Core.Jobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace JadeStudio.Core.Dumps;

/// <summary>Why a dump run was started: it decides what the run writes.</summary>
public enum DumpRunReason
{
    /// <summary>The schedule or an operator: a public and a full dump, then rewrites and pruning.</summary>
    Scheduled,
    /// <summary>A redaction was committed: a public dump (with its redaction list) and the rewrites of older ones, at once.</summary>
    Redaction,
}

/// <summary>
/// The dump job (Quartz.NET, one run at a time across all nodes). A run cut off by its node's stop or death leaves a
/// dump "writing"; the next run marks it failed and removes its files.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DumpJob(DumpWriter writer, JobShutdown shutdown, ILogger<DumpJob> logger) : IJob
{
    public static readonly JobKey Key = new("dumps", JobQueue.Group);
    public const string ReasonKey = "reason";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken interrupted = default)
    {
        using var running = shutdown.Enter();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(interrupted, shutdown.Token);
        var cancellationToken = stopping.Token;
        var reason = Enum.TryParse<DumpRunReason>(context.MergedJobDataMap.GetString(ReasonKey), out var parsed) ? parsed : DumpRunReason.Scheduled;
        await writer.AbandonInterruptedAsync(cancellationToken);
        switch (reason)
        {
            case DumpRunReason.Scheduled:
                await writer.WriteAsync(DumpKind.Public, cancellationToken);
                await writer.WriteAsync(DumpKind.Full, cancellationToken);
                break;
            case DumpRunReason.Redaction:
                // Several redactions in a row queue several runs: the first does the work, the others find nothing left.
                if (!await writer.RedactionPendingAsync(cancellationToken))
                {
                    return;
                }
                await writer.WriteAsync(DumpKind.Public, cancellationToken);
                break;
        }
        var rewritten = await writer.RewriteAsync(cancellationToken);
        var pruned = await writer.PruneAsync(cancellationToken);
        logger.LogInformation("Dump run ({Reason}) done: {Rewritten} older public dumps rewritten, {Pruned} pruned.", reason, rewritten, pruned);
    }
}
