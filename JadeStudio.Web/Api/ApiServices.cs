using System.Threading.RateLimiting;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.RateLimits;
using JadeStudio.Web.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>Registration and routing of the REST API (/api/v1) and its OpenAPI document.</summary>
public static class ApiServices
{
    public static IServiceCollection AddJadeApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.ReadSettings<ApiOptions>(ApiOptions.Section);
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.AddOpenApi(ApiDocument.Configure);
        services.ConfigureHttpJsonOptions(json => ApiDocument.DescribeAsWritten(json.SerializerOptions));
        services.AddApiErrors();
        // Gadgets on a wiki's pages and tools in other sites' pages call the API from the browser, as they call ORES and
        // MediaWiki's APIs. Any origin may: the API never reads cookies, so a page elsewhere can act only with a token its
        // script holds, and reads only what that token or an anonymous reader sees. Headers a client reads are exposed.
        services.AddCors(cors => cors.AddPolicy(ApiOptions.CrossOriginPolicy, policy => policy.AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader()
            .WithExposedHeaders(HeaderNames.ETag, HeaderNames.RetryAfter, HeaderNames.Location, HeaderNames.ContentDisposition, HeaderNames.ContentRange, HeaderNames.AcceptRanges, HeaderNames.LastModified)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.AddSingleton<ApiRouteMatchers>();
        services.AddRateLimiter(limiter =>
        {
            // Per token when one is sent (hashed, never the secret itself), else per client address.
            // Counted where every node sees the counts (IRateWindowCounter: the database with several nodes).
            limiter.AddPolicy(ApiOptions.WritePolicy, context => RateLimitPartition.Get(
                PartitionKey(context),
                key => new SharedWindowRateLimiter(context.RequestServices.GetRequiredService<IRateWindowCounter>(), key, options.WritesPerWindow,
                    TimeSpan.FromSeconds(options.WriteWindowSeconds), context.RequestServices.GetRequiredService<TimeProvider>())));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.WriteWindowSeconds);
                await ApiProblem.RateLimited(retryAfter).ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    public static WebApplication MapJadeApi(this WebApplication app)
    {
        app.MapOpenApi().AnswerHeadAsGet();
        var api = app.MapGroup("/api/v1").AddEndpointFilter(ApiCaller.ResolveAsync).AnswerHeadAsGet();
        api.MapWikisApi();
        api.MapSchemasApi();
        api.MapArtifactsApi();
        api.MapProposalsApi();
        api.MapChangesApi();
        api.MapLogsApi();
        api.MapAbuseFiltersApi();
        api.MapEventsApi();
        api.MapCampaignsApi();
        api.MapScoresApi();
        api.MapThreadsApi();
        api.MapOversightApi();
        api.MapBlocksApi();
        api.MapWorksetsApi();
        api.MapAccountApi();
        api.MapJobsApi();
        api.MapDumpsApi();
        api.MapQueriesApi();
        return app;
    }

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>What other sites' pages may read: the API and its OpenAPI document.</summary>
    public static bool IsCrossOriginRequest(HttpContext context) => IsApiRequest(context) || context.Request.Path.StartsWithSegments("/openapi");

    /// <summary>Routing's own refusals under /api (no such endpoint, wrong method, wrong content type) as problem+json.</summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) => app.UseStatusCodePages(async pages =>
    {
        var context = pages.HttpContext;
        IResult? problem = context.Response.StatusCode switch
        {
            StatusCodes.Status400BadRequest => ApiProblem.BadRequest(ParameterErrors.Describe(context) ?? "The request could not be read."),
            StatusCodes.Status404NotFound => NoSuchEndpoint(),
            // Routing also answers 405 where only the static-file fallback ({**path:file}, GET) shares the
            // path: an address no API endpoint has is a 404 whatever the method.
            StatusCodes.Status405MethodNotAllowed => IsApiPath(context)
                ? ApiProblem.MethodNotAllowed()
                : NoSuchEndpoint(),
            StatusCodes.Status415UnsupportedMediaType => ApiProblem.UnsupportedContentType(),
            _ => null,
        };
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
        }
    });

    /// <summary>
    /// The one page under /api, the API's documentation, is only read: Blazor would answer any other method with an
    /// empty text/html 400 (a form post without its token), the one error under /api that was not problem+json. As for
    /// every other address under /api that no API endpoint has, the answer is a 404 whatever the method.
    /// </summary>
    public static IApplicationBuilder UseDocumentationPageReadOnly(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.Value is "/api" or "/api/" && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await NoSuchEndpoint().ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>The answer for an address under /api that no API endpoint has, whatever the method.</summary>
    private static IResult NoSuchEndpoint() => ApiProblem.NotFound("There is no API endpoint at this address; see /openapi/v1.json.");

    /// <summary>Whether some API endpoint (any method) has a route that matches the request's path.</summary>
    private static bool IsApiPath(HttpContext context)
    {
        var matchers = context.RequestServices.GetRequiredService<ApiRouteMatchers>();
        return matchers.Get(context).Any(matcher => matcher.TryMatch(context.Request.Path, []));
    }

    private static string PartitionKey(HttpContext context)
    {
        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? "token:" + ApiTokenService.HashOf(authorization["Bearer ".Length..].Trim())
            : "address:" + context.Connection.RemoteIpAddress;
    }
}

/// <summary>The API's route templates, built once from the app's endpoints.</summary>
internal sealed class ApiRouteMatchers
{
    private IReadOnlyList<Microsoft.AspNetCore.Routing.Template.TemplateMatcher>? _matchers;

    public IReadOnlyList<Microsoft.AspNetCore.Routing.Template.TemplateMatcher> Get(HttpContext context) =>
        _matchers ??= context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Select(e => new Microsoft.AspNetCore.Routing.Template.TemplateMatcher(
                Microsoft.AspNetCore.Routing.Template.TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), []))
            .ToList();
}
