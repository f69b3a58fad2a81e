using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Permissions;
using Microsoft.Extensions.Options;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Command-line operations for operators, run against the local database file the app is configured
/// with, instead of serving: <c>token create --user NAME --rights judge,comment</c>.
/// </summary>
public static class OperatorCommands
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == "token";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["token", "create", .. var rest])
        {
            return Usage();
        }
        string? user = null;
        string? rights = null;
        for (var i = 0; i + 1 < rest.Length; i += 2)
        {
            switch (rest[i])
            {
                case "--user": user = rest[i + 1]; break;
                case "--rights": rights = rest[i + 1]; break;
                default: return Usage();
            }
        }
        if (user is null || rights is null || rest.Length % 2 != 0)
        {
            return Usage();
        }
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

        var database = app.Services.GetRequiredService<IOptions<JadeStudioOptions>>().Value.ResolveDatabasePath();
        var result = await app.Services.GetRequiredService<ApiTokenService>().CreateForOperatorAsync(user, parsed);
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
        Core.Commands.JadeError.InvalidTokenRights { NotHeld: { } right } => $"the user does not have the right '{Rights.NameOf(right)}'.",
        _ => error.Code,
    };

    private static int Usage()
    {
        Console.Error.WriteLine("Usage: JadeStudio.Web token create --user <name> --rights <right,right,...>");
        return 2;
    }
}
