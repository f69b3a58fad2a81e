namespace JadeStudio.Web.Components.Layout;

/// <summary>
/// Tells the menu of this circuit that a page changed one of its counts (unread watch list entries, open
/// oversight requests), so the badge follows at once instead of at the next full page load.
/// </summary>
public sealed class MenuCounts
{
    public event Func<Task>? Changed;

    public Task NotifyChangedAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}
