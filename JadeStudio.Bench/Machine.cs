using System.Runtime.InteropServices;

namespace JadeStudio.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    /// <summary>The machine, and the versions of what was measured: the runtime, the two databases, the browser and the app's main libraries (as published).</summary>
    /// <param name="publishedApp">The folder the app was published to (its libraries' versions are read from there).</param>
    /// <param name="postgres">The PostgreSQL server the PostgreSQL scenarios ran on, if any.</param>
    public static async Task<string> DescribeAsync(string publishedApp, string? postgres)
    {
        var parts = new List<string> { Describe() };
        if (postgres is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(postgres);
            await connection.OpenAsync();
            parts.Add("PostgreSQL " + connection.PostgreSqlVersion);
        }
        if (await BrowserVersionAsync() is { } browser)
        {
            parts.Add(browser);
        }
        // The versions the published app loads (central package management gives the bench the same, but it does not load MudBlazor or Quartz).
        var libraries = new[] { "Microsoft.EntityFrameworkCore", "Npgsql.EntityFrameworkCore.PostgreSQL", "Npgsql", "MudBlazor", "Quartz" }
            .Select(name => (Name: name, Path: Path.Combine(publishedApp, name + ".dll")))
            .Where(library => File.Exists(library.Path))
            .Select(library => $"{library.Name} {System.Diagnostics.FileVersionInfo.GetVersionInfo(library.Path).ProductVersion?.Split('+')[0]}");
        parts.Add(string.Join(", ", libraries));
        return string.Join("; ", parts);
    }

    private static async Task<string?> BrowserVersionAsync()
    {
        var executable = Environment.GetEnvironmentVariable("JADESTUDIO_BROWSER") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            return null;
        }
        // Debian's chromium is a wrapper script, which can complain on standard error about its environment: not ours to show.
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var complaints = process.StandardError.ReadToEndAsync();
        var version = (await process.StandardOutput.ReadToEndAsync()).Split(" built on ")[0].Trim();
        await complaints;
        await process.WaitForExitAsync();
        return version.Length > 0 ? version : null;
    }

    private static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim()
            : "unknown";
        return $"{RuntimeInformation.OSDescription}; {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}); " +
               $"{memory} memory; {RuntimeInformation.FrameworkDescription}; SQLite {SqliteVersion()}";
    }

    private static string SqliteVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>Resident and peak resident memory of a process, in MB (Linux /proc).</summary>
    public static (double Current, double Peak) MemoryOf(int pid) => (StatusMB(pid, "VmRSS"), StatusMB(pid, "VmHWM"));

    /// <summary>
    /// Resident memory by kind, in MB: anonymous (the heaps, the JIT's code, native allocations) and file-backed (the pages of
    /// mapped files in use — the code of precompiled assemblies among them — which the kernel may drop and read again).
    /// </summary>
    public static (double Anonymous, double FileBacked) ResidentKindsOf(int pid) => (StatusMB(pid, "RssAnon"), StatusMB(pid, "RssFile"));

    private static double StatusMB(int pid, string field) => double.Parse(
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Split(' ')[0],
        System.Globalization.CultureInfo.InvariantCulture) / 1024;

    /// <summary>
    /// CPU time a process has used so far (user + system, Linux /proc), in ms. On a shared machine a request's CPU cost moves
    /// far less between runs than throughput does, so the write scenarios report it beside their rates.
    /// </summary>
    public static double CpuMsOf(int pid)
    {
        // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name (which may hold spaces) in parentheses.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
    }

    /// <summary>
    /// The CPU time of every process of that name (a database server's backends): a backend that exits between two
    /// readings takes its time with it, so read across a window in which the clients' connections stay open.
    /// </summary>
    public static double CpuMsOfAll(string name)
    {
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == name)
                {
                    total += CpuMsOf(pid);
                }
            }
            catch (IOException)
            {
                // Exited while listed.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's process.
            }
        }
        return total;
    }

    /// <summary>Resident memory once it has stopped moving (two samples half a second apart within 0.5 MB), at most 30 s.</summary>
    public static async Task<double> SettledMemoryAsync(int pid)
    {
        var previous = MemoryOf(pid).Current;
        for (var sample = 0; sample < 60; sample++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var current = MemoryOf(pid).Current;
            if (Math.Abs(current - previous) < 0.5)
            {
                return current;
            }
            previous = current;
        }
        return previous;
    }
}
