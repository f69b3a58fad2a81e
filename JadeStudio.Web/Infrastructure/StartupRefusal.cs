using JadeStudio.Core.Settings;
using JadeStudio.Core.Storage;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Why the app cannot start, said to the operator in a sentence instead of a crash with a stack trace: a database it
/// cannot serve, a setting it cannot read, an address it cannot listen on.
/// </summary>
public static class StartupRefusal
{
    /// <returns>What to tell the operator, or null for a failure that is a defect (it stays a crash, with its stack trace).</returns>
    public static string? Explain(Exception exception) => exception switch
    {
        DatabaseStartupException refused => refused.Message,
        InvalidSettingException setting => setting.Message,
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } bind =>
            $"{bind.Message} Another process listens there: stop it, or give this node another address (ASPNETCORE_URLS).",
        _ => null,
    };
}
