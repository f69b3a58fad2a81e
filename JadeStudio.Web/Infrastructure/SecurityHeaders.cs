using JadeStudio.Core.Wikis;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// A Content-Security-Policy on every response: scripts only from this site (user text can never run),
/// images only from this site, data: (the app's own icons) and the configured wikis' upload hosts (the
/// same rule as Markdown images: readers' addresses reach no third party), connections only to this site (CSP 3's
/// <c>'self'</c> includes its own WebSocket address; <c>ws: wss:</c> would let a page connect to any host),
/// no framing by others. Inline styles stay allowed because MudBlazor positions its popovers and draws its theme with them.
/// An answer that sets no caching of its own (the API, dump files, problem pages) is <c>private, no-cache</c>: a proxy
/// or CDN in front of the app keeps none of them (what it kept could be hidden since, or another reader's, as a full
/// dump downloaded with a session cookie), and a browser keeps one only to ask again. Pages say no-store themselves,
/// fingerprinted assets that they are immutable.
/// </summary>
public static class SecurityHeaders
{
    public static string ContentSecurityPolicy(IEnumerable<string> imageHosts) =>
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
        + string.Concat(imageHosts.Order(StringComparer.Ordinal).Select(host => " https://" + host))
        + "; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = ContentSecurityPolicy(app.ApplicationServices.GetRequiredService<WikiCatalog>().ImageHosts);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.ContentSecurityPolicy = policy;
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                if (!context.Response.Headers.ContainsKey(HeaderNames.CacheControl))
                {
                    context.Response.Headers.CacheControl = "private, no-cache";
                }
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
