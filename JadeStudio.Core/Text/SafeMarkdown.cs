using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace JadeStudio.Core.Text;

/// <summary>
/// Markdown → HTML that is safe to insert (DESIGN.md §8): raw HTML is disabled (shown as text), and
/// after parsing every link, autolink and image target is checked on the syntax tree — only http,
/// https, mailto and relative targets survive; anything else becomes plain text. Links get
/// rel="nofollow ugc noopener". Images load only over https from the given hosts (the wikis' upload
/// hosts): any other image becomes a link to it, so opening it is the reader's choice and no reader's
/// address is sent to a third party by merely reading. HtmlSanitizer then checks the HTML Markdig wrote
/// as a last fence, with an allow-list of exactly what these rules produce.
/// </summary>
public static class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UsePipeTables()
        .Build();

    public static string ToHtml(string? markdown, IReadOnlySet<string>? imageHosts = null)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsAllowedTarget(link.Url))
            {
                ReplaceWithText(link, link.IsImage ? LabelOf(link) : null);
                continue;
            }
            if (link.IsImage && !IsAllowedImage(link.Url, imageHosts))
            {
                // Shown as a link to the image, labelled with its description (or its address).
                link.IsImage = false;
                if (link.FirstChild is null)
                {
                    link.AppendChild(new LiteralInline(link.Url ?? ""));
                }
            }
            if (!link.IsImage)
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow ugc noopener");
            }
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowedTarget(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
                continue;
            }
            autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow ugc noopener");
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return (imageHosts is null ? NoImagesFence : Fences.GetValue(imageHosts, Fence)).Sanitize(writer.ToString());
    }

    // One sanitizer per set of image hosts (the configured set is one object for the app's life); a sanitizer
    // is safe to share between threads once configured.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlySet<string>, Ganss.Xss.HtmlSanitizer> Fences = new();
    private static readonly Ganss.Xss.HtmlSanitizer NoImagesFence = Fence(null);

    /// <summary>
    /// The tags, attributes and schemes the Markdown rules above can produce, and nothing else: should a rule
    /// ever let something through, the sanitizer still removes it.
    /// </summary>
    private static Ganss.Xss.HtmlSanitizer Fence(IReadOnlySet<string>? imageHosts)
    {
        var sanitizer = new Ganss.Xss.HtmlSanitizer(new Ganss.Xss.HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "em", "strong", "del", "ins", "mark", "sub", "sup", "code", "pre", "blockquote",
                "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "rel", "src", "alt", "title", "start", "align", "class" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
        });
        // An image survives only from the allowed hosts, whatever produced it.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (e.Tag.TagName.Equals("IMG", StringComparison.OrdinalIgnoreCase) && !IsAllowedImage(e.OriginalUrl, imageHosts))
            {
                e.SanitizedUrl = null;
            }
        };
        return sanitizer;
    }

    /// <summary>The words of a Markdown text without its markup, e.g. for a search result's excerpt.</summary>
    public static string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown, Pipeline).Trim();

    /// <summary>
    /// http, https, mailto or relative. Browsers ignore tabs, newlines and control characters inside a
    /// scheme ("jav&#x09;ascript:"), so those are removed before the check; entities are already
    /// decoded by the parser ("javascript&#58;").
    /// </summary>
    public static bool IsAllowedTarget(string? url)
    {
        if (url is null)
        {
            return true;
        }
        var cleaned = new string(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = cleaned.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }
        var delimiter = cleaned.IndexOfAny(['/', '?', '#']);
        if (delimiter >= 0 && delimiter < colon)
        {
            return true; // a colon after the path starts: relative
        }
        var scheme = cleaned[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    /// <summary>An https image on one of the allowed hosts (relative images would be this site's own, and are refused too: nothing here serves user images).</summary>
    public static bool IsAllowedImage(string? url, IReadOnlySet<string>? hosts) =>
        hosts is { Count: > 0 }
        && Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttps
        && string.IsNullOrEmpty(uri.UserInfo)
        && hosts.Contains(uri.IdnHost.ToLowerInvariant());

    private static string LabelOf(LinkInline link) =>
        string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    /// <summary>Keeps what the author wrote as visible text and drops the unsafe target.</summary>
    private static void ReplaceWithText(LinkInline link, string? text)
    {
        if (text is not null || link.FirstChild is null)
        {
            link.ReplaceBy(new LiteralInline(text ?? ""));
            return;
        }
        var container = new ContainerInline();
        while (link.FirstChild is { } child)
        {
            child.Remove();
            container.AppendChild(child);
        }
        link.ReplaceBy(container);
    }
}
