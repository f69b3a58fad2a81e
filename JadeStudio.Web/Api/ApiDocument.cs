using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace JadeStudio.Web.Api;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) says what the API answers, so that a generated client or a contract test can
/// rely on it: numbers are numbers and enums are their names, as <see cref="ApiJson.Output"/> writes them; a field the API
/// leaves out when it is null is not required; every operation lists the problem+json refusals it gives; writes name the
/// token they need. HEAD is answered wherever GET is (<see cref="Infrastructure.HeadRequests"/>) but documented once, as
/// GET: two operations with one operationId make the document invalid.
/// </summary>
public static class ApiDocument
{
    private const string Problem = "Problem";
    private const string Bearer = "bearer";

    public static void Configure(OpenApiOptions openApi)
    {
        // The document describes the API alone: the sign-in forms and the /dumps page's cookie downloads are endpoints too,
        // but no tool calls them, and their errors are the pages' (text), not the API's problems.
        openApi.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        openApi.AddOperationTransformer((operation, context, _) =>
        {
            DescribeRefusals(operation, context.Description);
            return Task.CompletedTask;
        });
        openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "JadeStudio API",
                Version = "v1",
                Description = "Reads are anonymous; writes need a personal API token (Authorization: Bearer …) from the API tokens page. "
                    + "Every error is application/problem+json with a stable `code`.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>())
            {
                OmitNullFieldsFromRequired(schema);
            }
            document.Components.Schemas[Problem] = ProblemSchema();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = Bearer,
                    Description = "A personal API token; it carries some of its owner's rights.",
                },
            };
            foreach (var path in document.Paths.Values)
            {
                path.Operations?.Remove(HttpMethod.Head);
                foreach (var (method, operation) in path.Operations ?? [])
                {
                    var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] };
                    // A read answers anyone, and a token may widen what it shows; a write needs one.
                    operation.Security = method == HttpMethod.Get ? [new OpenApiSecurityRequirement(), token] : [token];
                }
            }
            return Task.CompletedTask;
        });
    }

    /// <summary>The number handling and enum names the document is generated with: those of <see cref="ApiJson.Output"/> (and of <see cref="ApiJson.Input"/>, which reads numbers only as numbers).</summary>
    public static void DescribeAsWritten(JsonSerializerOptions options)
    {
        options.NumberHandling = ApiJson.Output.NumberHandling;
        options.PropertyNamingPolicy = ApiJson.Output.PropertyNamingPolicy;
        foreach (var converter in ApiJson.Output.Converters)
        {
            options.Converters.Add(converter);
        }
    }

    /// <summary>
    /// Another media type for a status: an event stream, a CSV file, a dump's gzip or Parquet file (as text or bytes), or
    /// JSON of a shape the document does not describe (<paramref name="schema"/> null: any JSON).
    /// </summary>
    public static RouteHandlerBuilder ProducesAlso(this RouteHandlerBuilder builder, int status, string contentType, string description, IOpenApiSchema? schema = null) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            operation.Responses ??= [];
            if (operation.Responses.TryGetValue(key, out var found) && found is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
            }
            else
            {
                response = new OpenApiResponse { Description = description, Content = new Dictionary<string, OpenApiMediaType>() };
                operation.Responses[key] = response;
            }
            response.Content[contentType] = new OpenApiMediaType
            {
                Schema = schema ?? (contentType.EndsWith("json", StringComparison.Ordinal) ? null
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = contentType.StartsWith("text/", StringComparison.Ordinal) ? null : "binary" }),
            };
            response.Description = description;
            return Task.CompletedTask;
        });

    /// <summary>
    /// ApiJson.Output leaves null fields out, so a field that may be null may be absent. Done on the finished document: a
    /// nullable reference to another schema becomes <c>oneOf: [null, $ref]</c> only after the schema transformers ran.
    /// </summary>
    private static void OmitNullFieldsFromRequired(OpenApiSchema schema)
    {
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (MayBeNull(property))
                {
                    required.Remove(name);
                }
            }
        }
    }

    /// <summary>A request header the handler reads itself (If-Match, Last-Event-ID), which the document cannot see otherwise.</summary>
    public static RouteHandlerBuilder TakesHeader(this RouteHandlerBuilder builder, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            return Task.CompletedTask;
        });

    /// <summary>An update that takes the ETag it was read with: a stale one is 412.</summary>
    public static RouteHandlerBuilder TakesIfMatch(this RouteHandlerBuilder builder) =>
        builder.TakesHeader("If-Match", "The ETag the item was read with; without it the change applies to whatever is current.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["412"] = ProblemResponse(RefusalDescription(412, "The item changed since the ETag in If-Match was read; read it again."));
                return Task.CompletedTask;
            });

    /// <summary>A creation whose 201 says in Location where what it created is read (<see cref="ApiWrites.CreatedAt"/>).</summary>
    public static RouteHandlerBuilder CreatesAt(this RouteHandlerBuilder builder, string readAt) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("201", out var created) == true && created is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[Microsoft.Net.Http.Headers.HeaderNames.Location] = new OpenApiHeader
                {
                    Description = $"Where what was created is read: {readAt}.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
            return Task.CompletedTask;
        });

    private static bool MayBeNull(IOpenApiSchema property) =>
        property.Type?.HasFlag(JsonSchemaType.Null) == true
        || property.OneOf?.Any(option => option.Type == JsonSchemaType.Null) == true
        || property.AnyOf?.Any(option => option.Type == JsonSchemaType.Null) == true;

    /// <summary>
    /// The refusals each operation can give, by what it takes: parameters or a body can be unreadable (400), a token can
    /// be bad (401, everywhere), a write can lack a right or meet a block (403), a path can name nothing (404), a write can
    /// meet another write (409) or break a rule (422), a body can come too slowly, be too large or of another type (408,
    /// 413, 415), a write can be rate-limited (429). Anything else (410, 412, 414, 431, 500, 503) is the default response, also problem+json.
    /// </summary>
    private static void DescribeRefusals(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription endpoint)
    {
        var write = endpoint.HttpMethod is not ("GET" or "HEAD");
        var hasBody = endpoint.SupportedRequestFormats.Count > 0 || endpoint.ParameterDescriptions.Any(p => p.Source.Id == "Body");
        var hasParameters = endpoint.ParameterDescriptions.Any(p => p.Source.Id is "Path" or "Query");
        var rateLimited = endpoint.ActionDescriptor.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any();
        operation.Responses ??= [];
        void Add(bool applies, int status, string description)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (applies && !operation.Responses.ContainsKey(key))
            {
                operation.Responses[key] = ProblemResponse(RefusalDescription(status, description));
            }
        }
        Add(hasParameters || hasBody, 400, "A parameter or the body cannot be read.");
        Add(true, 401, "The token is unknown, revoked, expired or malformed, or a write came without one.");
        Add(write, 403, "The caller lacks a right, is blocked, or an abuse filter disallows the text.");
        Add(endpoint.ParameterDescriptions.Any(p => p.Source.Id == "Path"), 404, "Nothing has that id, or the caller may not see it.");
        Add(write, 409, "The state does not allow it.");
        Add(hasBody, 408, "The body arrived more slowly than the server reads; nothing changed.");
        Add(hasBody, 413, "The body is larger than the endpoint accepts.");
        Add(hasBody, 415, "The body is in a media type the endpoint does not read; `accepted` lists those it does.");
        Add(hasBody, 422, "The body reads but breaks a rule.");
        Add(rateLimited, 429, "Too many writes; Retry-After says when to try again.");
        operation.Responses["default"] = ProblemResponse("Any other refusal (410, 412, 414, 431, 500, 503); every code is explained on the /api page (/api#errors).");
    }

    /// <summary>What a status means, and the codes it comes with (from <see cref="ApiErrorCodes"/>, so the document names no code the API does not write).</summary>
    private static string RefusalDescription(int status, string what) =>
        $"{what} Codes: {string.Join(", ", ApiErrorCodes.WithStatus(status))} (each explained at /api#error-<code>).";

    private static OpenApiResponse ProblemResponse(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ApiProblem.ContentType] = new() { Schema = new OpenApiSchemaReference(Problem) },
        },
    };

    /// <summary>RFC 9457's members and the API's stable <c>code</c>; a refusal may add members of its own (a block, a report, a limit).</summary>
    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type", "title", "status", "detail", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "The code's entry in the list of error codes on the /api page: what it means, its statuses and the kinds it covers." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable: tools may switch on it. Every code is listed on the /api page." },
        },
        Description = "An error (RFC 9457 problem details) with a stable code.",
    };
}
