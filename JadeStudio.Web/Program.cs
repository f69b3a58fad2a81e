using JadeStudio.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddJadeStudio();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseJadeStudio();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
