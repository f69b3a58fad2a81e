using JadeStudio.Core.Storage;
using JadeStudio.Web.Infrastructure;

if (OperatorCommands.Unknown(args) is { } unknown)
{
    await Console.Error.WriteLineAsync(OperatorCommands.UnknownMessage(unknown));
    return 2;
}
NativeAllocator.LimitArenas();
WebApplication? app = null;
var running = false;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddJadeStudio();
    app = builder.Build();
    var serving = !OperatorCommands.IsCommand(args);
    // The migrate command makes the schema current itself; everything else needs a database it can serve. The request
    // pipeline, its endpoints and the hosted services are built while the database is checked (SQLite reads the whole
    // file): neither needs the other.
    var prepared = OperatorCommands.IsMigrate(args) ? Task.FromResult(true) : app.PrepareDatabaseAsync();
    if (serving)
    {
        app.UseJadeStudio();
        app.BuildEndpointsAndServices();
    }
    var schemaCurrent = await prepared;
    if (!serving)
    {
        if (!schemaCurrent)
        {
            await Console.Error.WriteLineAsync("The database schema is not current: run the migrate command first.");
            return 1;
        }
        return await OperatorCommands.RunAsync(app, args);
    }
    if (schemaCurrent)
    {
        await app.LoadDemoDataAsync();
    }
    var background = BackgroundFailures.Watch(app.Services);
    running = true;
    await app.RunAsync();
    if (background.Explain() is { } failure)
    {
        await Console.Error.WriteLineAsync(failure);
        return 1;
    }
    return 0;
}
catch (Exception failed) when (StartupRefusal.Explain(failed) is { } reason)
{
    // Said plainly and once, instead of a stack trace: the operator has to act on the file, a setting or the address.
    app?.Logger.LogCritical("{Reason}", reason);
    await Console.Error.WriteLineAsync(reason);
    if (running)
    {
        // The services that did start (the job scheduler's threads) would otherwise keep the process alive.
        await app!.StopAsync();
    }
    if (app is not null)
    {
        await app.DisposeAsync();
    }
    return 1;
}

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
