namespace JadeStudio.Tests.Support;

/// <summary>Locates the repository (the folder holding JadeStudio.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string I18n => Path.Combine(Root, "i18n");

    /// <summary>
    /// The project's shared material (real data and wire-format fixtures), kept outside the repository:
    /// <c>JADESTUDIO_SHARED</c> if set, else a <c>shared</c> folder beside or above the repository, else
    /// one beside or above the repository this checkout was cloned from (CI clones into a temporary folder).
    /// </summary>
    public static string Shared { get; } = FindShared();

    public static string SharedData => Path.Combine(Shared, "data");

    public static string Fixture(string name) => Path.Combine(Shared, "fixtures", name);

    /// <summary>The built JadeStudio.Web executable of the same configuration and runtime as these tests.</summary>
    public static string WebExecutable
    {
        get
        {
            // Test output: JadeStudio.Tests/bin/<Configuration>/<tfm>/<rid>/ — the web app sits at the same relative place.
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var relative = Path.GetRelativePath(Path.Combine(Root, "JadeStudio.Tests"), testOutput.FullName);
            var executable = Path.Combine(Root, "JadeStudio.Web", relative, OperatingSystem.IsWindows() ? "JadeStudio.Web.exe" : "JadeStudio.Web");
            if (!File.Exists(executable))
            {
                throw new FileNotFoundException($"Build JadeStudio.Web first; expected it at {executable}.");
            }
            return executable;
        }
    }

    private static string FindShared()
    {
        if (Environment.GetEnvironmentVariable("JADESTUDIO_SHARED") is { Length: > 0 } configured)
        {
            return configured;
        }
        foreach (var start in new[] { Root, ClonedFrom() }.OfType<string>())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "data")))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException("The shared data folder was not found; set JADESTUDIO_SHARED to the folder holding data/ and fixtures/.");
    }

    /// <summary>The local folder this checkout was cloned from, if its origin is one.</summary>
    private static string? ClonedFrom()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("git", ["-C", Root, "config", "--get", "remote.origin.url"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = System.Diagnostics.Process.Start(start)!;
            var origin = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return Directory.Exists(origin) ? Path.GetFullPath(origin) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "JadeStudio.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("JadeStudio.sln was not found above the test binaries.");
    }
}
