using JadeStudio.Core;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;

namespace JadeStudio.Web.Api;

/// <summary>
/// Every error under /api is problem+json with a stable code, in every environment: parameters that do not
/// bind, bodies over a limit, and anything unexpected. (Without this, ASP.NET Core answers a binding failure
/// with text in Development and an HTML error page elsewhere.)
/// </summary>
public static class ApiErrors
{
    /// <summary>
    /// Binding failures throw in every environment, so the handler below can turn them into problems; outside
    /// /api, <see cref="UseBadRequestStatus"/> turns them back into their status (a bad form is a 400, not a 500).
    /// </summary>
    public static IServiceCollection AddApiErrors(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await ProblemFor(refused, context).ExecuteAsync(context);
        }
        catch (Exception refusal) when (!context.Response.HasStarted && JadeException.Within(refusal) is { } refused)
        {
            // Refused outside a command (a lookup with a text no store may hold): the refusal's problem, as from a command.
            context.Response.Clear();
            await ApiProblem.Of(refused.Error, ApiCaller.Find(context)?.Actor ?? ActorRef.Anonymous).ExecuteAsync(context);
        }
        catch (Exception unreachable) when (!context.Response.HasStarted && context.RequestServices.GetRequiredService<IDatabaseStore>().IsUnreachable(unreachable))
        {
            // The database, not the request, is at fault: 503 with Retry-After, as for a write the writer could not commit.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("JadeStudio.Api").LogWarning(unreachable, "Database unavailable in {Path}", context.Request.Path);
            context.Response.Clear();
            await ApiProblem.Of(new JadeError.DatabaseUnavailable(), ActorRef.Anonymous).ExecuteAsync(context);
        }
        catch (Exception failure) when (!context.Response.HasStarted && !failure.IsStopOf(context.RequestAborted))
        {
            // A caller who went away needs no answer; a cancellation inside the app (a timeout) while they wait is a failure like any other.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("JadeStudio.Api").LogError(failure, "Unhandled error in {Path}", context.Request.Path);
            context.Response.Clear();
            await ApiProblem.Internal().ExecuteAsync(context);
        }
    });

    /// <summary>For pages and forms: a request ASP.NET Core refused while binding answers its own status code.</summary>
    public static IApplicationBuilder UseBadRequestStatus(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = refused.StatusCode;
        }
    });

    /// <summary>What a refused request gets: a body too slow or too large, otherwise which parameter did not bind.</summary>
    private static IResult ProblemFor(BadHttpRequestException refused, HttpContext context) => refused.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => ApiProblem.RequestTimeout(context.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>()?.MinDataRate),
        StatusCodes.Status413PayloadTooLarge => ApiProblem.BodyTooLarge(),
        StatusCodes.Status415UnsupportedMediaType => ApiProblem.UnsupportedContentType(),
        _ => ApiProblem.BadRequest(ParameterErrors.Describe(context) ?? DescribeBindingFailure(refused.Message)),
    };

    /// <summary>ASP.NET Core's message names a required parameter that is missing ("Required parameter "string reason" was not provided …"); it is safe to show.</summary>
    private static string DescribeBindingFailure(string message) =>
        message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) || message.StartsWith("Required parameter", StringComparison.Ordinal)
            ? message
            : "The request could not be read.";
}
