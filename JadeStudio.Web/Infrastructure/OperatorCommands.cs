using System.CommandLine;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Command-line operations for operators, run against the database the app is configured with,
/// instead of serving (System.CommandLine: <c>--help</c> on every command): <c>token create</c>, <c>wiki purge</c>,
/// <c>db copy</c> (SQLite into a new PostgreSQL database); and <c>migrate</c>, which brings the schema up to date where
/// nodes do not migrate at start.
/// </summary>
public static class OperatorCommands
{
    private static readonly string[] Names = ["token", "wiki", "migrate", "db"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    /// <summary>
    /// A first word that is no command and no setting (settings are <c>--key value</c>, <c>/key value</c> or
    /// <c>key=value</c>): a mistyped command, which would otherwise start a server the operator did not ask for.
    /// </summary>
    public static string? Unknown(string[] args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('=') && !Names.Contains(first) ? first : null;

    public static string UnknownMessage(string word) =>
        $"Unknown command '{word}'. The commands are {string.Join(", ", Names)} (each with --help); without a command the app serves.";

    /// <summary><c>migrate</c> runs before anything else touches the database: it is what makes the schema current.</summary>
    public static bool IsMigrate(string[] args) => args is ["migrate", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var root = new RootCommand("JadeStudio operator commands: they act on the database this configuration names, without serving.")
        {
            TokenCommand(app),
            WikiCommand(app),
            MigrateCommand(app),
            DatabaseCommand(app),
        };
        return await root.Parse(args).InvokeAsync();
    }

    private static Command MigrateCommand(WebApplication app)
    {
        var migrate = new Command("migrate", "Bring the database schema up to date (run once before starting nodes that do not migrate at start).");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            try
            {
                await using var db = app.MigrationContext();
                var applied = await app.Services.GetRequiredService<JadeStudio.Core.Storage.IDatabaseStore>().MigrateAsync(db, cancellationToken);
                await Console.Error.WriteLineAsync(applied.Count == 0
                    ? "The database schema is current; nothing to migrate."
                    : $"Applied {applied.Count} migrations: {string.Join(", ", applied)}.");
                return 0;
            }
            catch (JadeStudio.Core.Storage.DatabaseStartupException refused)
            {
                await Console.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        });
        return migrate;
    }

    private static Command DatabaseCommand(WebApplication app)
    {
        var from = new Option<FileInfo>("--from") { Description = "The SQLite database file to copy (it is only read), e.g. ~/.local/share/JadeStudio/jadestudio.db.", Required = true };
        var copy = new Command("copy",
            "Copy a SQLite database into the configured PostgreSQL database, which must be new (migrated, empty): ids, the event log, hidden fields, sessions' keys and the search index come along.")
        { from };
        copy.SetAction(async (parse, cancellationToken) =>
        {
            if (app.Services.GetRequiredService<JadeStudio.Core.Storage.IDatabaseStore>() is not JadeStudio.Storage.PostgreSql.PostgresStore target)
            {
                await Console.Error.WriteLineAsync("db copy copies into PostgreSQL: run it with JadeStudio:Database:Provider=PostgreSql and ConnectionStrings:JadeStudio naming the new database.");
                return 2;
            }
            try
            {
                var copy = new JadeStudio.Storage.PostgreSql.PostgresDatabaseCopy(target, app.Services.GetRequiredService<JadeStudio.Core.Wikis.WikiCatalog>());
                var copied = await copy.CopyFromAsync(parse.GetValue(from)!.FullName, cancellationToken);
                foreach (var table in copied)
                {
                    await Console.Error.WriteLineAsync($"{table.Table}: {table.Rows} rows");
                }
                await Console.Error.WriteLineAsync($"Copied {copied.Sum(t => t.Rows)} rows of {copied.Count} tables into {target.Description}.");
                return 0;
            }
            catch (JadeStudio.Core.Storage.DatabaseStartupException refused)
            {
                await Console.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        });
        return new Command("db", "The database as a whole.") { copy };
    }

    private static Command TokenCommand(WebApplication app)
    {
        var user = new Option<string>("--user") { Description = "The user's name, read as a wiki reads it (jane_doe is Jane doe); they must have signed in once.", Required = true };
        var rights = new Option<string>("--rights") { Description = "Comma-separated rights the token carries, each one the user holds (e.g. judge,comment).", Required = true };
        var acceptTerms = new Option<bool>("--accept-redaction-terms")
        {
            Description = "Record that the user accepts the redaction terms (/redaction-terms) now, e.g. for a bot you run; a token is issued only to users who accepted them.",
        };
        var create = new Command("create", "Mint an API token for a user and print its secret once (on standard output).") { user, rights, acceptTerms };
        create.SetAction((parse, cancellationToken) => CreateTokenAsync(app, parse.GetValue(user)!, parse.GetValue(rights)!, parse.GetValue(acceptTerms), cancellationToken));
        return new Command("token", "API tokens.") { create };
    }

    private static Command WikiCommand(WebApplication app)
    {
        var wiki = new Option<string>("--wiki") { Description = "The wiki's database name, e.g. enwiki.", Required = true };
        var revision = new Option<long?>("--rev") { Description = "Only this revision (else everything read from the wiki)." };
        var purge = new Command("purge", "Forget the revisions and diffs read from a wiki, so they are read again (e.g. after a deletion there).") { wiki, revision };
        purge.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(wiki)!;
            if (app.Services.GetRequiredService<JadeStudio.Core.Wikis.WikiCatalog>().Find(name) is null)
            {
                await Console.Error.WriteLineAsync($"Unknown wiki '{name}'.");
                return 2;
            }
            var removed = await app.Services.GetRequiredService<JadeStudio.Core.WikiContent.WikiContentService>().PurgeAsync(name, parse.GetValue(revision), cancellationToken);
            await Console.Error.WriteLineAsync($"{removed} cached entries of {name} removed.");
            return 0;
        });
        return new Command("wiki", "Content read from the wikis.") { purge };
    }

    private static async Task<int> CreateTokenAsync(WebApplication app, string user, string rights, bool acceptTerms, CancellationToken cancellationToken)
    {
        var parsed = new List<Right>();
        foreach (var name in rights.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Rights.TryParse(name, out var right))
            {
                await Console.Error.WriteLineAsync($"Unknown right '{name}'. Known rights: {string.Join(", ", Rights.AllNames.Order())}.");
                return 2;
            }
            parsed.Add(right);
        }

        var database = app.Services.GetRequiredService<JadeStudio.Core.Storage.IDatabaseStore>().Description;
        var result = await app.Services.GetRequiredService<ApiTokenService>().CreateForOperatorAsync(user, parsed, cancellationToken, acceptTerms);
        if (!result.IsSuccess)
        {
            await Console.Error.WriteLineAsync($"No token created ({result.Error!.Code}): {Explain(result.Error)}");
            return 1;
        }
        var created = result.Value!;
        await Console.Error.WriteLineAsync($"Token {created.Token.Id} for '{user}' with rights {string.Join(",", created.Token.Rights.Select(Rights.NameOf))} in {database}. Shown once:");
        Console.WriteLine(created.Secret);
        return 0;
    }

    private static string Explain(Core.Commands.JadeError error) => error switch
    {
        Core.Commands.JadeError.EntityNotFound missing => $"{missing.What} not found; the user must have signed in once.",
        Core.Commands.JadeError.TermsNotAccepted => "the user has not accepted the redaction terms (/redaction-terms); pass --accept-redaction-terms to accept them on their behalf.",
        Core.Commands.JadeError.InvalidTokenRights { NotHeld: { } right } => $"the user does not have the right '{Rights.NameOf(right)}'.",
        _ => error.Code,
    };
}
