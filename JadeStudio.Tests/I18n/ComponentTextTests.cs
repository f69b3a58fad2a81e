using System.Text.RegularExpressions;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.I18n;

/// <summary>No literal text in components: every visible string comes from i18n/*.json.</summary>
public partial class ComponentTextTests
{
    public static TheoryData<string> Components() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "JadeStudio.Web", "Components"), "*.razor", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path))];

    [Theory]
    [MemberData(nameof(Components))]
    public void Component_has_no_literal_user_visible_text(string relativePath)
    {
        Assert.Empty(LiteralText(File.ReadAllText(Path.Combine(RepositoryPaths.Root, relativePath))));
    }

    [Fact]
    public void The_check_catches_literal_text_and_only_that()
    {
        Assert.Equal(["Hello"], LiteralText("<p>Hello</p>"));
        Assert.Equal(["Label=\"Save\""], LiteralText("<MudTextField Label=\"Save\" />"));
        Assert.Empty(LiteralText("<p>@M[\"jadestudio-x\"]</p><X Placeholder=\"jadestudio-y\" />"));
        Assert.Empty(LiteralText("<p>@a</p>\n}\nelse if (b.C(d))\n{\n<p>@c</p>"));
        Assert.Empty(LiteralText("<ul>\n    var chosen = Answers.Get(x);\n<li>@chosen</li></ul>"));
        Assert.Empty(LiteralText("<ul>\n    var (labels, previous) = Labels.Of(x);\n<li>@labels</li></ul>"));
    }

    private static List<string> LiteralText(string razor)
    {
        var markup = MarkupOf(razor);
        var textNodes = TextNode().Matches(markup)
            .Select(m => m.Groups["text"].Value.Trim())
            .Where(text => text.Any(char.IsLetter));
        var attributes = VisibleAttribute().Matches(markup)
            .Where(m => m.Groups["value"].Value.Any(char.IsLetter) && !MessageKey().IsMatch(m.Groups["value"].Value))
            .Select(m => m.Value);
        return [.. textNodes, .. attributes];
    }

    /// <summary>The markup of a component without C# code, Razor expressions and directives.</summary>
    private static string MarkupOf(string razor)
    {
        var code = razor.IndexOf("@code", StringComparison.Ordinal);
        var markup = code >= 0 ? razor[..code] : razor;
        markup = RazorComment().Replace(markup, "");
        markup = Directive().Replace(markup, "");
        markup = CodeStatement().Replace(markup, "");
        markup = ControlFlow().Replace(markup, "");
        markup = Expression().Replace(markup, "");
        return markup;
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"^\s*@(page|using|inject|inherits|attribute|implements|layout|namespace|rendermode|typeparam)\b.*$", RegexOptions.Multiline)]
    private static partial Regex Directive();

    [GeneratedRegex(@"(@|\belse\s+)(if|foreach|for|while|switch)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|\belse\b|[{}]")]
    private static partial Regex ControlFlow();

    // @M["key", args], @(expr), @identifier.Member — what Razor renders from code.
    [GeneratedRegex(@"@\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|@[A-Za-z_][\w.?]*(\[(?:[^\[\]]|\[[^\[\]]*\])*\])?(\((?:[^()]|\([^()]*\))*\))?")]
    private static partial Regex Expression();

    // C# statements inside markup blocks, e.g. "var chosen = …;" or "var (a, b) = …;".
    [GeneratedRegex(@"^\s*var\s+(\w+|\([\w\s,]+\))\s*=.*;\s*$", RegexOptions.Multiline)]
    private static partial Regex CodeStatement();

    [GeneratedRegex(@"^jadestudio-[a-z0-9-]+$")]
    private static partial Regex MessageKey();

    [GeneratedRegex(@">(?<text>[^<>]+)<")]
    private static partial Regex TextNode();

    [GeneratedRegex(@"\b(Text|Title|title|Label|HelperText|DataLabel|AriaLabel|aria-label|placeholder|Placeholder|alt|AlternateText)=""(?<value>[^""]*)""")]
    private static partial Regex VisibleAttribute();
}
