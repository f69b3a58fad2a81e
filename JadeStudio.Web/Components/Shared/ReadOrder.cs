namespace JadeStudio.Web.Components.Shared;

/// <summary>
/// Which of a page's reads is the newest. A page whose address or item changes while it reads (a filter clicked twice,
/// the browser's back button, a link to another artifact, a live update) starts a read each time; the reads can finish
/// in any order, and only the newest may fill the page — never one filter's rows under another's, or one artifact's
/// judgments with another's history.
/// </summary>
public sealed class ReadOrder
{
    private int _newest;

    /// <summary>Starts a read; what it returns identifies it.</summary>
    public int Begin() => ++_newest;

    /// <summary>No read began after this one: its result may be shown.</summary>
    public bool IsNewest(int read) => read == _newest;

    /// <summary>The newest read so far, for work that adds to what it showed (older rows, a refresh).</summary>
    public int Current => _newest;
}
