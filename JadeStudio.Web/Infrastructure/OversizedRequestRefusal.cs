using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using JadeStudio.Web.Api;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// An address or headers too large are refused by the app, so that under /api the refusal is problem+json like every
/// other (414 <c>uritoolong</c>, 431 <c>headerstoolarge</c>); a page answers the bare status. Kestrel refuses them itself,
/// with an empty body and no hook to change it, once they pass its limits: those are raised to
/// <see cref="ServerLimitBytes"/> so that the app's own limits, Kestrel's defaults, are met first. Beyond the server's
/// limits Kestrel's empty answer remains.
/// </summary>
public static class OversizedRequestRefusal
{
    /// <summary>The longest request target (path and query) the app reads: Kestrel's default request-line limit.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (names and values) the app reads: Kestrel's default.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>The most headers the app reads: Kestrel's default.</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own limits for the request line and all headers, well above the app's.</summary>
    public const int ServerLimitBytes = 256 * 1024;

    public static void RaiseServerLimits(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = ServerLimitBytes;
        limits.MaxRequestHeadersTotalSize = ServerLimitBytes;
        limits.MaxRequestHeaderCount = 4 * MaxHeaderCount;
    }

    public static IApplicationBuilder UseOversizedRequestRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var refusal = Refusal(context);
        if (refusal is null)
        {
            await next(context);
        }
        else if (ApiServices.IsApiRequest(context))
        {
            await (refusal == StatusCodes.Status414UriTooLong ? ApiProblem.UriTooLong(MaxTargetBytes) : ApiProblem.HeadersTooLarge(MaxHeaderBytes, MaxHeaderCount)).ExecuteAsync(context);
        }
        else
        {
            context.Response.StatusCode = refusal.Value;
        }
    });

    /// <summary>The status that refuses this request, or null. Counted as Kestrel counts: the target as sent, header names and values.</summary>
    private static int? Refusal(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value + context.Request.QueryString.Value;
        if (target.Length > MaxTargetBytes)
        {
            return StatusCodes.Status414UriTooLong;
        }
        var headers = context.Request.Headers;
        if (headers.Count > MaxHeaderCount)
        {
            return StatusCodes.Status431RequestHeaderFieldsTooLarge;
        }
        var bytes = 0;
        foreach (var (name, values) in headers)
        {
            bytes += name.Length;
            foreach (var value in values)
            {
                bytes += value?.Length ?? 0;
            }
        }
        return bytes > MaxHeaderBytes ? StatusCodes.Status431RequestHeaderFieldsTooLarge : null;
    }
}
