using JadeStudio.Core.Commands;
using JadeStudio.Core.Queries;
using Microsoft.OpenApi;

namespace JadeStudio.Web.Api;

public sealed record QueryBody(string? Sql);

public sealed record SaveQueryBody(string? Title, string? Sql);

public sealed record QueryResultDto(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, long Dump, double ElapsedMs);

public sealed record SavedQueryDto(long Id, string Title, string Sql, UserDto Author, long Dump, DateTimeOffset CreatedAt, string Url, string Permalink);

/// <summary>/api/v1/query and /api/v1/queries: SQL over the latest public dump (DuckDB, sandboxed), and saved queries.</summary>
public static class QueriesApi
{
    public static RouteGroupBuilder MapQueriesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Queries");
        group.MapPost("/query", RunAsync).WithName("runQuery")
            .WithSummary("Runs one SELECT over the latest public dump's tables; ?format=csv or json for a file instead of the table. Time, row and memory limits apply; no file but the dump's is readable.")
            .Accepts<QueryBody>("application/json").Produces<QueryResultDto>().AsFiles().RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapGet("/queries", RecentAsync).WithName("listQueries").WithSummary("The latest saved queries, newest first.").Produces<List<SavedQueryDto>>();
        group.MapGet("/queries/{id:long}", GetAsync).WithName("getQuery").WithSummary("A saved query: its SQL, author and the dump it ran on.").Produces<SavedQueryDto>();
        group.MapGet("/queries/{id:long}/results", ResultsAsync).WithName("getQueryResults")
            .WithSummary("Runs a saved query again over the latest public dump; ?format=csv or json for a file.").Produces<QueryResultDto>().AsFiles().RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapPost("/queries", SaveAsync).WithName("saveQuery").CreatesAt("/api/v1/queries/{id}").WithSummary("Saves a query under a permalink (savequeries); it records the latest public dump.")
            .Accepts<SaveQueryBody>("application/json").Produces<SavedQueryDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        group.MapDelete("/queries/{id:long}", DeleteAsync).WithName("deleteQuery").WithSummary("Deletes a saved query: its author, or deletecontent.")
            .Produces(204).RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    /// <summary>With ?format=csv or json the result is a file: CSV, or a JSON array of one object per row instead of the table.</summary>
    private static RouteHandlerBuilder AsFiles(this RouteHandlerBuilder builder) =>
        builder.ProducesAlso(200, "text/csv", "The result: the table, or with ?format= a file (CSV, or JSON: an array of one object per row).")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var json = ((OpenApiResponse)operation.Responses!["200"]).Content!["application/json"];
                json.Schema = new OpenApiSchema { AnyOf = [json.Schema!, new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object } }] };
                return Task.CompletedTask;
            });

    private static async Task<IResult> RunAsync(HttpContext context, PublicQuery query, string? format)
    {
        if (!TryFormat(format, out var problem))
        {
            return problem;
        }
        var (body, bad) = await ApiWrites.BodyAsync<QueryBody>(context);
        return bad ?? await AnswerAsync(context, await query.RunAsync(body!.Sql, context.RequestAborted), format);
    }

    private static async Task<IResult> ResultsAsync(long id, HttpContext context, PublicQuery query, SavedQueries saved, string? format)
    {
        if (!TryFormat(format, out var problem))
        {
            return problem;
        }
        var caller = ApiCaller.Of(context);
        if (await saved.FindAsync(id, await caller.LoadAsync(context), context.RequestAborted) is not { } found)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("query"), caller.Actor);
        }
        return await AnswerAsync(context, await query.RunAsync(found.Query.Sql, context.RequestAborted), format);
    }

    private static bool TryFormat(string? format, out IResult problem)
    {
        problem = null!;
        if (format is null or "csv" or "json")
        {
            return true;
        }
        problem = ApiProblem.Of(new JadeError.InvalidFilter("format"), Core.Permissions.ActorRef.Anonymous);
        return false;
    }

    private static async Task<IResult> AnswerAsync(HttpContext context, Result<QueryResult> result, string? format)
    {
        if (result.Value is not { } answer)
        {
            return ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor);
        }
        if (format is null)
        {
            return ApiJson.Json(new QueryResultDto(answer.Columns, answer.Rows, answer.Truncated, answer.DumpId, answer.Elapsed.TotalMilliseconds));
        }
        var (bytes, contentType, fileName) = await QueryDownloads.FileAsync(answer, format, context.RequestAborted);
        return Results.File(bytes, contentType == "text/csv" ? "text/csv; charset=utf-8" : contentType, fileName);
    }

    private static SavedQueryDto Dto(SavedQueryView view) => new(view.Query.Id, view.Query.Title, view.Query.Sql, ApiModels.User(view.Author), view.Query.DumpId,
        view.Query.CreatedAt, $"/api/v1/queries/{view.Query.Id}", $"/query/{view.Query.Id}");

    private static async Task<IResult> RecentAsync(HttpContext context, SavedQueries saved) =>
        ApiJson.Json((await saved.RecentAsync(100, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted)).Select(Dto).ToList());

    private static async Task<IResult> GetAsync(long id, HttpContext context, SavedQueries saved)
    {
        var caller = ApiCaller.Of(context);
        return await saved.FindAsync(id, await caller.LoadAsync(context), context.RequestAborted) is { } found
            ? ApiJson.Json(Dto(found))
            : ApiProblem.Of(new JadeError.EntityNotFound("query"), caller.Actor);
    }

    private static async Task<IResult> SaveAsync(HttpContext context, SavedQueries saved, Core.Dumps.DumpCatalog catalog)
    {
        var (body, bad) = await ApiWrites.BodyAsync<SaveQueryBody>(context);
        if (bad is not null)
        {
            return bad;
        }
        var caller = ApiCaller.Of(context);
        if (await catalog.LatestPublicAsync(context.RequestAborted) is not { } dump)
        {
            return ApiProblem.Of(new JadeError.QueryRefused(QueryProblem.NoDump, null), caller.Actor);
        }
        var result = await saved.SaveAsync(caller.Actor, body!.Title ?? "", body.Sql ?? "", dump.Id, context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, caller.Actor);
        }
        ApiWrites.CreatedAt(context, $"/api/v1/queries/{result.Value!.Query.Id}");
        return Results.Json(Dto(result.Value), ApiJson.Output, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext context, SavedQueries saved)
    {
        var caller = ApiCaller.Of(context);
        var result = await saved.DeleteAsync(caller.Actor, id, context.RequestAborted);
        return result.IsSuccess ? Results.NoContent() : ApiProblem.Of(result.Error!, caller.Actor);
    }
}
