using System.Collections.Frozen;
using Ganss.Xss;
using JadeStudio.Core.Text;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Core.WikiContent;

/// <summary>
/// A wiki's HTML made safe to show inside JadeStudio: diff tables and page versions pass HtmlSanitizer with an
/// allow-list fit for each — no scripts, event handlers, forms, styles or frames; links and images resolved
/// against the wiki's own address; images only over https from the wiki's upload host (no reader's address goes
/// anywhere else); links open the wiki with <c>rel="nofollow noopener"</c>.
/// </summary>
public static partial class WikiHtml
{
    private static readonly FrozenSet<string> DiffTags = new[]
    {
        "table", "colgroup", "col", "tbody", "tr", "td", "th", "div", "span", "ins", "del", "br", "a",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> PageTags = new[]
    {
        "div", "p", "span", "a", "b", "i", "strong", "em", "u", "s", "small", "big", "sup", "sub", "br", "hr", "wbr",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "kbd", "var",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "img", "figure", "figcaption", "abbr", "cite", "q",
        "bdi", "mark", "ins", "del", "time",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Attributes = new[]
    {
        "class", "colspan", "rowspan", "data-marker", "title", "href", "src", "alt", "lang", "dir", "width", "height", "rel", "name",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rows of a diff in the table MediaWiki wraps them in.</summary>
    public static string Diff(WikiDiff diff, Wiki wiki) => Sanitize(
        "<table class=\"diff\"><colgroup><col class=\"diff-marker\"><col class=\"diff-content\"><col class=\"diff-marker\"><col class=\"diff-content\"></colgroup><tbody>"
        + diff.TableRows + "</tbody></table>",
        wiki, DiffTags);

    /// <summary>
    /// The diff's line-number rows in the viewer's words: diffs are read with <c>uselang=en</c>, so each says
    /// "Line n:" (with the number as the wiki wrote it) whatever the wiki's language, and is relabelled here.
    /// </summary>
    public static string LocaliseLineNumbers(string diffHtml, Func<long, string> label) =>
        LineNumber().Replace(diffHtml, match => long.TryParse(match.Groups[2].ValueSpan, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? match.Groups[1].Value + System.Net.WebUtility.HtmlEncode(label(line)) + "<"
            : match.Value);

    [System.Text.RegularExpressions.GeneratedRegex("^#movedpara_[0-9]+_[0-9]+_(?:lhs|rhs)$")]
    private static partial System.Text.RegularExpressions.Regex MovedParagraph();

    [System.Text.RegularExpressions.GeneratedRegex("(<td[^>]*class=\"diff-lineno\"[^>]*>)Line ([0-9,]+):<")]
    private static partial System.Text.RegularExpressions.Regex LineNumber();

    /// <summary>A page version's HTML (comments and edit-section links are dropped with everything else not allowed).</summary>
    public static string Page(WikiPageVersion page, Wiki wiki) => Sanitize(page.Html, wiki, PageTags);

    // One sanitizer per wiki and kind (safe to share between threads once configured; building one is not cheap).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Wiki, FrozenSet<string>), HtmlSanitizer> Sanitizers = new();

    private static string Sanitize(string html, Wiki wiki, FrozenSet<string> tags) =>
        // Relative links (/wiki/…, //upload.wikimedia.org/…) are resolved against the wiki, not JadeStudio.
        Sanitizers.GetOrAdd((wiki, tags), key => Build(key.Item1, key.Item2)).Sanitize(html, wiki.BaseUrl.TrimEnd('/') + "/");

    private static HtmlSanitizer Build(Wiki wiki, FrozenSet<string> tags)
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = tags.ToHashSet(StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = Attributes.ToHashSet(StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "http" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(),
        });
        var uploadHosts = string.IsNullOrEmpty(wiki.UploadHost) ? null : new HashSet<string>(StringComparer.OrdinalIgnoreCase) { wiki.UploadHost };
        sanitizer.FilterUrl += (_, e) =>
        {
            // A moved paragraph's marker jumps to its other place in the same diff, as on the wiki.
            if (MovedParagraph().IsMatch(e.OriginalUrl))
            {
                e.SanitizedUrl = e.OriginalUrl;
                return;
            }
            if (e.Tag.TagName.Equals("IMG", StringComparison.OrdinalIgnoreCase) && !SafeMarkdown.IsAllowedImage(e.SanitizedUrl, uploadHosts))
            {
                e.SanitizedUrl = null;
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.HasAttribute("href") && !link.GetAttribute("href")!.StartsWith('#'))
            {
                link.SetAttribute("rel", "nofollow noopener");
            }
            // Names only as the targets of those jumps: nothing else of the page can be named from outside.
            if (e.Node is AngleSharp.Dom.IElement named && named.GetAttribute("name") is { } name && (named.TagName != "A" || !MovedParagraph().IsMatch("#" + name)))
            {
                named.RemoveAttribute("name");
            }
            // An image whose address was refused is dropped whole, not left as an empty frame.
            if (e.Node is AngleSharp.Dom.IElement { TagName: "IMG" } image && !image.HasAttribute("src"))
            {
                image.Remove();
            }
        };
        return sanitizer;
    }
}
