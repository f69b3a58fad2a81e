using JadeStudio.Core.Storage;
using JadeStudio.Web.Infrastructure;

NativeAllocator.LimitArenas();
WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddJadeStudio();
    app = builder.Build();
}
catch (Exception failed) when (StartupRefusal.Explain(failed) is { } reason)
{
    await Console.Error.WriteLineAsync(reason);
    return 1;
}
var serving = !OperatorCommands.IsCommand(args);
// The migrate command makes the schema current itself; everything else needs a database it can serve. The request
// pipeline is built while the database is checked (SQLite reads the whole file): neither needs the other.
var prepared = OperatorCommands.IsMigrate(args) ? Task.FromResult(true) : app.PrepareDatabaseAsync();
if (serving)
{
    app.UseJadeStudio();
}
bool schemaCurrent;
try
{
    schemaCurrent = await prepared;
}
catch (Exception failed) when (StartupRefusal.Explain(failed) is { } reason)
{
    // Said plainly and once, instead of a stack trace: the operator has to act on the file.
    app.Logger.LogCritical("{Reason}", reason);
    await Console.Error.WriteLineAsync(reason);
    return 1;
}
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
try
{
    await app.RunAsync();
}
catch (Exception failed) when (StartupRefusal.Explain(failed) is { } reason)
{
    app.Logger.LogCritical("{Reason}", reason);
    await Console.Error.WriteLineAsync(reason);
    // The services that did start (the job scheduler's threads) would otherwise keep the process alive.
    await app.StopAsync();
    await app.DisposeAsync();
    return 1;
}
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
