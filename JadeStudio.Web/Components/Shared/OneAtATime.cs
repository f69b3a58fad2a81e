namespace JadeStudio.Web.Components.Shared;

/// <summary>
/// An action that acts on what is on screen: a second click of a double click, or a key pressed again before the next
/// item shows, arrives while the first still runs and would act on the same thing again (a second thread, campaign or
/// token; the patrol answer meant for the next edit moving the one just given), so it is ignored.
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
