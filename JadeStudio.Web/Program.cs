using JadeStudio.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddJadeStudio();

var app = builder.Build();
try
{
    await app.MigrateDatabaseAsync();
}
catch (JadeStudio.Core.Storage.DatabaseStartupException refused)
{
    // Said plainly and once, instead of a stack trace: the operator has to act on the file.
    app.Logger.LogCritical("{Reason}", refused.Message);
    await Console.Error.WriteLineAsync(refused.Message);
    return 1;
}
if (OperatorCommands.IsCommand(args))
{
    return await OperatorCommands.RunAsync(app, args);
}
await app.LoadDemoDataAsync();
app.UseJadeStudio();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
