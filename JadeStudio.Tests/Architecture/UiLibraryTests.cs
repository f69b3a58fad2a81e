using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Architecture;

/// <summary>MudBlazor is the one component library: the stand-in of the first wave left no trace.</summary>
public class UiLibraryTests
{
    // Spelled in two parts so this file does not find itself.
    private static readonly string StandIn = "rad" + "zen";

    [Fact]
    public void No_file_of_the_repository_mentions_the_former_component_library()
    {
        var skipped = new[] { "bin", "obj", ".git", "node_modules" };
        var mentions = Directory.EnumerateFiles(RepositoryPaths.Root, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(RepositoryPaths.Root, path).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Where(path => Path.GetExtension(path) is ".cs" or ".razor" or ".css" or ".js" or ".json" or ".md" or ".props" or ".csproj" or ".sh" or ".yml" or ".html" or "")
            .Where(path => File.ReadAllText(path).Contains(StandIn, StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))
            .ToList();
        Assert.Empty(mentions);
    }

    [Fact]
    public void The_web_project_references_MudBlazor_and_no_other_component_library()
    {
        var references = typeof(JadeStudio.Web.Components.Layout.JadeTheme).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.Contains("MudBlazor", references);
        Assert.DoesNotContain(references, name => name.Contains(StandIn, StringComparison.OrdinalIgnoreCase));
    }
}
