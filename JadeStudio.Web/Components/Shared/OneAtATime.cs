namespace JadeStudio.Web.Components.Shared;

/// <summary>
/// An action that acts on what is on screen and then shows the next thing (Save &amp; next, a patrol answer): a second
/// key press or click while it runs would act on the item just done again, so it is ignored.
/// </summary>
public sealed class OneAtATime
{
    private bool _running;

    public async Task RunAsync(Func<Task> action)
    {
        if (_running)
        {
            return;
        }
        _running = true;
        try
        {
            await action();
        }
        finally
        {
            _running = false;
        }
    }
}
