using System.Diagnostics;

namespace JadeStudio.Tests.Support;

/// <summary>An operator command as an operator runs it: the app's executable with arguments, on a data folder and the given settings, no server.</summary>
public static class OperatorCommand
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings, params string[] arguments)
    {
        var start = new ProcessStartInfo(RepositoryPaths.WebExecutable, arguments)
        {
            WorkingDirectory = Path.GetDirectoryName(RepositoryPaths.WebExecutable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["JadeStudio__DataDirectory"] = dataDirectory;
        start.Environment["JadeStudio__DemoData__Enabled"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
