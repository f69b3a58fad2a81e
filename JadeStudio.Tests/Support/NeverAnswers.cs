namespace JadeStudio.Tests.Support;

/// <summary>What a fake service does when the test needs it hung: it never answers, until the caller gives up.</summary>
public static class NeverAnswers
{
    /// <summary>Completes only by cancellation (the request aborted, the job stopped): the hung service is the condition under test.</summary>
    public static async Task UntilCancelledAsync(CancellationToken cancellationToken)
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => never.TrySetCanceled(cancellationToken)))
        {
            await never.Task;
        }
    }
}
