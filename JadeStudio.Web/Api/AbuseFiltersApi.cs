using JadeStudio.Core.AbuseFilters;
using JadeStudio.Core.Oversight;

namespace JadeStudio.Web.Api;

public sealed class FilterBody
{
    public required string Description { get; init; }
    public string? Pattern { get; init; }

    /// <summary>Words or phrases, one per entry.</summary>
    public IReadOnlyList<string>? Words { get; init; }

    public int? MaxAccountAgeDays { get; init; }
    public int? MaxJudgments { get; init; }
    public string? ExemptRight { get; init; }
    public IReadOnlyList<string>? Wikis { get; init; }

    /// <summary>proposalnotes, endorsementcomment, threadtitle, comment; none: all.</summary>
    public IReadOnlyList<string>? Texts { get; init; }

    /// <summary>warn, disallow, tag, throttle, block.</summary>
    public required string Action { get; init; }

    public int? ThrottleCount { get; init; }
    public int? ThrottleSeconds { get; init; }
    public int? BlockHours { get; init; }
    public string? Tag { get; init; }
    public bool Enabled { get; init; } = true;
    public bool Private { get; init; }

    /// <summary>For a test: how many recent texts (default 100, from 1 to <see cref="AbuseFilterService.MaxTestCount"/>).</summary>
    public int? Count { get; init; }
}

public sealed record FilterDto(long Id, string Description, string Action, bool Enabled, bool Private, bool ConditionsHidden, string? Pattern, IReadOnlyList<string>? Words,
    int? MaxAccountAgeDays, int? MaxJudgments, string? ExemptRight, IReadOnlyList<string>? Wikis, IReadOnlyList<string>? Texts, int? ThrottleCount, int? ThrottleSeconds,
    int? BlockHours, string? Tag, int Hits, string Etag, DateTimeOffset UpdatedAt);

public sealed record FilterHitDto(long Id, long Filter, string? Description, UserDto User, string Text, string? Wiki, string? Artifact, string Outcome, string? Content, DateTimeOffset At);

/// <summary>One page of the abuse log, newest first; <c>next</c> is the cursor of the following page (null on the last).</summary>
public sealed record AbuseLogPageDto(IReadOnlyList<FilterHitDto> Hits, string? Next);

/// <summary>A recent text the draft would catch; texts and authors hidden from the tester are not tested.</summary>
public sealed record FilterTestDto(DateTimeOffset At, UserDto Author, string Text, string? Wiki, string Content);

/// <summary>/api/v1/abusefilters: MediaWiki's AbuseFilter — the filters, the abuse log, and a test of a draft against recent texts.</summary>
public static class AbuseFiltersApi
{
    public static RouteGroupBuilder MapAbuseFiltersApi(this RouteGroupBuilder api)
    {
        var filters = api.MapGroup("/abusefilters").WithTags("Abuse filters");
        filters.MapGet("", ListAsync).WithName("listAbuseFilters").WithSummary("Every filter; a private one's conditions only with abusefilter-view-private.").Produces<List<FilterDto>>();
        filters.MapGet("/{id:long}", GetAsync).WithName("getAbuseFilter").WithSummary("One filter, with its ETag.").Produces<FilterDto>();
        filters.MapPost("", CreateAsync).WithName("createAbuseFilter").CreatesAt("/api/v1/abusefilters/{id}").WithSummary("Creates a filter (abusefilter-modify).")
            .Accepts<FilterBody>("application/json").Produces<FilterDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        filters.MapPut("/{id:long}", UpdateAsync).WithName("updateAbuseFilter").WithSummary("Changes a filter (abusefilter-modify); If-Match with its ETag refuses a stale change.")
            .Accepts<FilterBody>("application/json").Produces<FilterDto>().RequireRateLimiting(ApiOptions.WritePolicy);
        filters.MapPost("/test", TestAsync).WithName("testAbuseFilter").WithSummary("The recent texts a draft filter would catch (abusefilter-modify); nothing is saved.")
            .Accepts<FilterBody>("application/json").Produces<List<FilterTestDto>>();
        filters.MapGet("/log", LogAsync).WithName("abuseLog")
            .WithSummary("The abuse log, newest first (abusefilter-log); texts and private filters' descriptions with abusefilter-view-private. Filters: filter (one filter's hits), user (one author's), limit; cursor continues.")
            .Produces<AbuseLogPageDto>();
        return api;
    }

    private static string ETag(AbuseFilter filter) => $"\"f{filter.Id}.{filter.Version}\"";

    private static FilterDto Dto(FilterView view)
    {
        var f = view.Filter;
        var hidden = view.ConditionsHidden;
        return new FilterDto(f.Id, f.Description, ItemRef.NameOf(f.Action), f.Enabled, f.Private, hidden,
            hidden ? null : f.Pattern, hidden ? null : FilterRule.WordsOf(f.Words), hidden ? null : f.MaxAccountAgeDays, hidden ? null : f.MaxJudgments,
            hidden ? null : f.ExemptRight, hidden ? null : [.. FilterRule.Split(f.Wikis)], hidden ? null : [.. FilterRule.Split(f.TextActions)],
            hidden ? null : f.ThrottleCount, hidden ? null : f.ThrottleSeconds, hidden ? null : f.BlockHours, hidden ? null : f.Tag, view.Hits, ETag(f), f.UpdatedAt);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AbuseFilterService filters) =>
        ApiJson.Json((await filters.ListAsync(await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted)).Select(Dto).ToList());

    private static async Task<IResult> GetAsync(long id, HttpContext context, AbuseFilterService filters)
    {
        var caller = ApiCaller.Of(context);
        if (await filters.GetAsync(id, await caller.LoadAsync(context), context.RequestAborted) is not { } view)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.EntityNotFound("abuse filter"), caller.Actor);
        }
        context.Response.Headers.ETag = ETag(view.Filter);
        return ApiJson.Json(Dto(view));
    }

    private static Task<IResult> CreateAsync(HttpContext context, AbuseFilterService filters) => SaveAsync(context, filters, null);

    private static Task<IResult> UpdateAsync(long id, HttpContext context, AbuseFilterService filters) => SaveAsync(context, filters, id);

    private static async Task<IResult> SaveAsync(HttpContext context, AbuseFilterService filters, long? id)
    {
        var (_, draft, problem) = await DraftAsync(context);
        if (problem is not null)
        {
            return problem;
        }
        var caller = ApiCaller.Of(context);
        int? expected = null;
        if (id is { } existing && context.Request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            var prefix = $"\"f{existing}.";
            if (!ifMatch.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(ifMatch[prefix.Length..^1], System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                return ApiProblem.BadRequest("If-Match must be the filter's ETag.");
            }
            expected = version;
        }
        var result = await filters.SaveAsync(caller.Actor, id, draft!, expected, context.RequestAborted);
        if (result.Value is not { } saved)
        {
            return ApiProblem.Of(result.Error!, caller.Actor);
        }
        context.Response.Headers.ETag = ETag(saved);
        var dto = Dto(new FilterView(saved, false, 0));
        if (id is null)
        {
            ApiWrites.CreatedAt(context, $"/api/v1/abusefilters/{saved.Id}");
            return Results.Json(dto, ApiJson.Output, statusCode: StatusCodes.Status201Created);
        }
        return ApiJson.Json(dto);
    }

    /// <summary>The request's filter, or the problem with it.</summary>
    private static async Task<(FilterBody? Body, FilterDraft? Draft, IResult? Problem)> DraftAsync(HttpContext context)
    {
        var (body, problem) = await ApiWrites.BodyAsync<FilterBody>(context);
        if (problem is not null)
        {
            return (null, null, problem);
        }
        return TryDraft(body!, out var draft, out var bad) ? (body, draft, null) : (null, null, bad);
    }

    private static bool TryDraft(FilterBody body, out FilterDraft draft, out IResult problem)
    {
        draft = default!;
        if (!ApiWrites.TryParse<FilterAction>(body.Action, "action", out var action, out problem))
        {
            return false;
        }
        var texts = new List<TextAction>();
        foreach (var text in body.Texts ?? [])
        {
            if (!ApiWrites.TryParse<TextAction>(text, "texts", out var parsed, out problem))
            {
                return false;
            }
            texts.Add(parsed);
        }
        draft = new FilterDraft(body.Description ?? "", body.Pattern, string.Join('\n', body.Words ?? []), body.MaxAccountAgeDays, body.MaxJudgments, body.ExemptRight,
            body.Wikis ?? [], texts, action, body.ThrottleCount, body.ThrottleSeconds, body.BlockHours, body.Tag, body.Enabled, body.Private);
        return true;
    }

    private static async Task<IResult> TestAsync(HttpContext context, AbuseFilterService filters)
    {
        var (body, draft, problem) = await DraftAsync(context);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Count is < 1 or > AbuseFilterService.MaxTestCount)
        {
            return ApiProblem.BadRequest($"count must be between 1 and {AbuseFilterService.MaxTestCount}.");
        }
        var caller = ApiCaller.Of(context);
        var result = await filters.TestAsync(await caller.LoadAsync(context), draft!, body!.Count ?? 100, context.RequestAborted);
        return result.Value is { } matches
            ? ApiJson.Json(matches.Select(m => new FilterTestDto(m.At, ApiModels.User(m.Author), FilterRule.NameOf(m.TextAction), m.Wiki, m.Text.Value!)).ToList())
            : ApiProblem.Of(result.Error!, caller.Actor);
    }

    private static async Task<IResult> LogAsync(HttpContext context, AbuseFilterService filters, long? filter, string? user, string? cursor, int? limit)
    {
        if (ApiProblem.LimitOutOfRange(limit, AbuseFilterService.MaxLogPage) is { } outOfRange)
        {
            return outOfRange;
        }
        if (!ApiWrites.TryOlderThan(cursor, out var olderThan, out var badCursor))
        {
            return badCursor;
        }
        var caller = ApiCaller.Of(context);
        var query = new AbuseLogQuery(filter, string.IsNullOrWhiteSpace(user) ? null : Core.Users.UserNames.Normalize(user), olderThan, limit ?? 100);
        var result = await filters.LogAsync(await caller.LoadAsync(context), query, context.RequestAborted);
        return result.Value is { } page
            ? ApiJson.Json(new AbuseLogPageDto(page.Hits.Select(h => new FilterHitDto(h.Id, h.FilterId, h.FilterDescription, ApiModels.User(h.User), FilterRule.NameOf(h.TextAction),
                h.Wiki, h.Artifact, ApiProblem.Camel(h.Outcome.ToString()), h.Text, h.At)).ToList(), page.OlderThan is { } older ? Core.Events.FeedCursor.Encode(older) : null))
            : ApiProblem.Of(result.Error!, caller.Actor);
    }
}
