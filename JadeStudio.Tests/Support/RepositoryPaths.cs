namespace JadeStudio.Tests.Support;

/// <summary>Locates the repository (the folder holding JadeStudio.sln) from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string I18n => Path.Combine(Root, "i18n");

    public static string SharedData => Path.Combine(Root, "..", "shared", "data");

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
