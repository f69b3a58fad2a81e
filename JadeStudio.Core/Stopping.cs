namespace JadeStudio.Core;

/// <summary>Telling the node (or a caller) stopping apart from any other failure of background work.</summary>
public static class Stopping
{
    /// <summary>
    /// Whether <paramref name="failure"/> is <paramref name="token"/>'s own cancellation. Anything else — a request's own time
    /// limit throws <see cref="TaskCanceledException"/> too — is a failure to log and go on from: escaping a worker, it would
    /// fail it and stop the node.
    /// </summary>
    public static bool IsStopOf(this Exception failure, CancellationToken token) => failure is OperationCanceledException && token.IsCancellationRequested;
}
