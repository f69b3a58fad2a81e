using System.ComponentModel.DataAnnotations;

namespace JadeStudio.Web.Infrastructure;

/// <summary>The "JadeStudio" configuration section.</summary>
public sealed class JadeStudioOptions
{
    public const string Section = "JadeStudio";

    /// <summary>Where the app keeps its files. Default: the user's local application data folder.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The SQLite database file. Default: <c>jadestudio.db</c> in <see cref="DataDirectory"/>.</summary>
    public string? DatabasePath { get; set; }

    public DevelopmentSignInOptions DevelopmentSignIn { get; set; } = new();

    public DatabaseOptions Database { get; set; } = new();

    public DemoDataOptions DemoData { get; set; } = new();

    /// <summary>The licence notice shown where people submit text, as wiki edit forms do.</summary>
    public string ContentLicense { get; set; } = "CC BY-SA 4.0";

    public string ContentLicenseUrl { get; set; } = "https://creativecommons.org/licenses/by-sa/4.0/";

    /// <summary>Largest artifact list upload (UI and API).</summary>
    [Range(typeof(long), "1024", "9223372036854775807")]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    public string ResolveDataDirectory() =>
        DataDirectory is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "JadeStudio");

    public string ResolveDatabasePath() =>
        DatabasePath is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(ResolveDataDirectory(), "jadestudio.db");
}

/// <summary>Password-less sign-in as a configured account, for local development only.</summary>
/// <summary>"JadeStudio:Database".</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// Apply pending migrations when the app starts (the default: one node, nothing to remember). Off where several
    /// nodes share a database: the operator runs the <c>migrate</c> command once, and nodes report not ready on
    /// <c>/readyz</c> until the schema is current, instead of racing to migrate.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary><c>Sqlite</c> (the default: the file <c>DatabasePath</c>) or <c>PostgreSql</c> (<c>ConnectionStrings:JadeStudio</c>).</summary>
    public JadeStudio.Core.Storage.DatabaseProvider Provider { get; set; } = JadeStudio.Core.Storage.DatabaseProvider.Sqlite;
}

public sealed class DevelopmentSignInOptions
{
    /// <summary>null: on in the Development environment only. true/false: explicitly on or off anywhere.</summary>
    public bool? Enabled { get; set; }

    public List<DevelopmentAccount> Accounts { get; set; } = [];

    public bool IsAllowedIn(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();
}

public sealed class DevelopmentAccount
{
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Groups { get; set; } = [];
}

/// <summary>Real Wikimedia files loaded as clearly marked demo content on first start.</summary>
public sealed class DemoDataOptions
{
    /// <summary>null: on in the Development environment only.</summary>
    public bool? Enabled { get; set; }

    /// <summary>The folder with the files; default: a <c>shared/data</c> folder beside or above the app.</summary>
    public string? Directory { get; set; }

    public bool IsEnabledIn(IHostEnvironment environment) => Enabled ?? environment.IsDevelopment();

    public string? ResolveDirectory(string contentRoot)
    {
        if (Directory is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        for (var folder = new DirectoryInfo(contentRoot); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
