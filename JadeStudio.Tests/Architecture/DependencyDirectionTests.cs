using System.Reflection;

namespace JadeStudio.Tests.Architecture;

/// <summary>Dependencies run one way: Web → Core (DESIGN.md §2).</summary>
public class DependencyDirectionTests
{
    private static readonly Assembly Core = typeof(JadeStudio.Core.I18n.MessageCatalog).Assembly;

    [Fact]
    public void Core_references_no_ASP_NET_Core_Blazor_or_UI_library_assembly()
    {
        var forbidden = Core.GetReferencedAssemblies()
            .Select(reference => reference.Name ?? "")
            .Where(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("MudBlazor", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(forbidden);
    }

    [Fact]
    public void Core_does_not_reference_the_web_project() =>
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), reference => reference.Name == "JadeStudio.Web");
}
