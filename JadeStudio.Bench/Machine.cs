using System.Runtime.InteropServices;

namespace JadeStudio.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static string Describe()
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
    public static (double Current, double Peak) MemoryOf(int pid)
    {
        double Read(string field) => double.Parse(
            File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(':', 2)[1].Trim().Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS"), Read("VmHWM"));
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
