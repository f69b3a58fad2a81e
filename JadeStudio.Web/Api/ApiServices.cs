using System.Threading.RateLimiting;
using JadeStudio.Core.ApiTokens;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>Registration and routing of the REST API (/api/v1) and its OpenAPI document.</summary>
public static class ApiServices
{
    public static IServiceCollection AddJadeApi(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.AddOpenApi();
        services.AddRateLimiter(limiter =>
        {
            // Per token when one is sent (hashed, never the secret itself), else per client address.
            limiter.AddPolicy(ApiOptions.WritePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.WritesPerWindow,
                    Window = TimeSpan.FromSeconds(options.WriteWindowSeconds),
                    QueueLimit = 0,
                }));
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
        app.MapOpenApi();
        var api = app.MapGroup("/api/v1").AddEndpointFilter(ApiCaller.ResolveAsync);
        api.MapWikisApi();
        api.MapSchemasApi();
        api.MapArtifactsApi();
        api.MapProposalsApi();
        api.MapUsersApi();
        api.MapEventsApi();
        api.MapCampaignsApi();
        api.MapScoresApi();
        api.MapThreadsApi();
        api.MapOversightApi();
        return app;
    }

    public static bool IsApiRequest(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    /// <summary>Routing's own refusals under /api (no such endpoint, wrong method, wrong content type) as problem+json.</summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) => app.UseStatusCodePages(async pages =>
    {
        var context = pages.HttpContext;
        IResult? problem = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiProblem.NotFound("There is no API endpoint at this address; see /openapi/v1.json."),
            StatusCodes.Status405MethodNotAllowed => ApiProblem.MethodNotAllowed(),
            StatusCodes.Status415UnsupportedMediaType => ApiProblem.UnsupportedContentType(),
            _ => null,
        };
        if (problem is not null)
        {
            await problem.ExecuteAsync(context);
        }
    });

    private static string PartitionKey(HttpContext context)
    {
        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? "token:" + ApiTokenService.HashOf(authorization["Bearer ".Length..].Trim())
            : "address:" + context.Connection.RemoteIpAddress;
    }
}
