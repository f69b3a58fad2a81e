using JadeStudio.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddJadeStudio();

var app = builder.Build();
await app.MigrateDatabaseAsync();
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
