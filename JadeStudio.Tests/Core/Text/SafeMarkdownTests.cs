using AngleSharp.Html.Parser;
using JadeStudio.Core.Text;

namespace JadeStudio.Tests.Core.Text;

public sealed class SafeMarkdownTests
{
    /// <summary>The payloads the XSS suite must cover; the browser test renders the same list.</summary>
    public static readonly string[] Payloads =
    [
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "![x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg><animate onbegin=alert(1)>",
        "[x](vbscript:msgbox(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](java\u0000script:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "`<script>alert(1)</script>`",
    ];

    public static TheoryData<string> EveryPayload() => [.. Payloads];

    [Theory]
    [MemberData(nameof(EveryPayload))]
    public void A_payload_renders_without_active_content(string payload)
    {
        var document = new HtmlParser().ParseDocument("<body>" + SafeMarkdown.ToHtml(payload) + "</body>");

        Assert.Empty(document.QuerySelectorAll("script, iframe, object, embed, svg, animate, style, form, input"));
        foreach (var element in document.All)
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            foreach (var attribute in element.Attributes.Where(a => a.Name is "href" or "src"))
            {
                Assert.True(SafeMarkdown.IsAllowedTarget(attribute.Value), $"{element.TagName} {attribute.Name}={attribute.Value}");
                Assert.DoesNotMatch("(?i)^\\s*(javascript|vbscript|data):", attribute.Value);
            }
        }
    }

    [Fact]
    public void Raw_html_is_shown_as_text_a_reader_can_see()
    {
        var html = SafeMarkdown.ToHtml("<script>alert(1)</script>");

        var text = new HtmlParser().ParseDocument(html).Body!.TextContent;
        Assert.Contains("<script>alert(1)</script>", text);
    }

    [Fact]
    public void A_refused_link_keeps_its_label_as_plain_text()
    {
        var document = new HtmlParser().ParseDocument(SafeMarkdown.ToHtml("see [the diff](javascript:alert(1)) here"));

        Assert.Empty(document.QuerySelectorAll("a"));
        Assert.Contains("the diff", document.Body!.TextContent);
    }

    [Theory]
    [InlineData("[diff](https://en.wikipedia.org/w/index.php?diff=1)", "https://en.wikipedia.org/w/index.php?diff=1")]
    [InlineData("[mail](mailto:someone@example.org)", "mailto:someone@example.org")]
    [InlineData("[relative](artifact/enwiki/diff/1)", "artifact/enwiki/diff/1")]
    [InlineData("[page](/wiki/Main_Page)", "/wiki/Main_Page")]
    [InlineData("<https://example.org/a>", "https://example.org/a")]
    [InlineData("[odd](Talk:Main_Page/with:colon)", null)]
    public void Safe_links_stay_links_with_nofollow_ugc_noopener(string markdown, string? href)
    {
        var link = new HtmlParser().ParseDocument(SafeMarkdown.ToHtml(markdown)).QuerySelector("a");

        if (href is null)
        {
            // "Talk:" reads as a scheme, so the link is dropped rather than guessed at.
            Assert.Null(link);
            return;
        }
        Assert.NotNull(link);
        Assert.Equal(href, link.GetAttribute("href"));
        Assert.Equal("nofollow ugc noopener", link.GetAttribute("rel"));
    }

    [Fact]
    public void Ordinary_markdown_is_formatted()
    {
        var document = new HtmlParser().ParseDocument(SafeMarkdown.ToHtml("**bold** *italic* `code`\n\n- one\n- two\n\n> quoted"));

        Assert.Equal("bold", document.QuerySelector("strong")!.TextContent);
        Assert.Equal("italic", document.QuerySelector("em")!.TextContent);
        Assert.Equal("code", document.QuerySelector("code")!.TextContent);
        Assert.Equal(2, document.QuerySelectorAll("li").Length);
        Assert.NotNull(document.QuerySelector("blockquote"));
    }
}

/// <summary>Reading a comment sends the reader's address to no one but this site and the wikis' upload hosts.</summary>
public sealed class MarkdownImageTests
{
    private static readonly IReadOnlySet<string> WikiUploads = new HashSet<string> { "upload.wikimedia.org" };

    [Theory]
    [InlineData("![pixel](https://tracker.example/p.gif)")]
    [InlineData("![pixel](http://upload.wikimedia.org/p.gif)")]
    [InlineData("![pixel](https://upload.wikimedia.org.tracker.example/p.gif)")]
    [InlineData("![pixel](https://user@upload.wikimedia.org/p.gif)")]
    [InlineData("![pixel](//tracker.example/p.gif)")]
    [InlineData("![pixel](/api/v1/wikis)")]
    [InlineData("![pixel][ref]\n\n[ref]: https://tracker.example/p.gif")]
    public void An_image_from_anywhere_else_becomes_a_link_and_loads_nothing(string markdown)
    {
        var document = new HtmlParser().ParseDocument("<body>" + SafeMarkdown.ToHtml(markdown, WikiUploads) + "</body>");

        Assert.Empty(document.QuerySelectorAll("img"));
        var link = Assert.Single(document.QuerySelectorAll("a"));
        Assert.Contains("nofollow", link.GetAttribute("rel"));
        Assert.Equal("pixel", link.TextContent);
    }

    [Fact]
    public void An_image_from_a_wiki_upload_host_is_shown()
    {
        var document = new HtmlParser().ParseDocument("<body>" + SafeMarkdown.ToHtml("![logo](https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg)", WikiUploads) + "</body>");

        Assert.Equal("https://upload.wikimedia.org/wikipedia/commons/a/a9/Example.jpg", Assert.Single(document.QuerySelectorAll("img")).GetAttribute("src"));
    }

    [Fact]
    public void Without_configured_hosts_no_image_loads()
    {
        var document = new HtmlParser().ParseDocument("<body>" + SafeMarkdown.ToHtml("![logo](https://upload.wikimedia.org/x.jpg)", new HashSet<string>()) + "</body>");

        Assert.Empty(document.QuerySelectorAll("img"));
    }
}
