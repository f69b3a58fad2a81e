using JadeStudio.Core.Events;
using JadeStudio.Core.Logs;
using JadeStudio.Core.Oversight;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/logs: Special:Log — every log the caller may read, or one; newest first, <c>next</c> continues.</summary>
public static class LogsApi
{
    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Logs");
        group.MapGet("/logs", (HttpContext context, LogReader logs, string? type, string? user, string? cursor, int? limit) => ReadAsync(context, logs, type, user, cursor, limit))
            .WithName("logs")
            .WithSummary("Every log the caller may read, newest first: block, rights, rollback, campaign; deletion (viewdeleted) and suppression (suppressionlog). Filters: type (comma list), user (performer), limit; cursor continues.")
            .Produces<LogPageDto>();
        group.MapGet("/logs/{kind}", (string kind, HttpContext context, LogReader logs, string? user, string? cursor, int? limit) => ReadAsync(context, logs, kind, user, cursor, limit))
            .WithName("log")
            .WithSummary("One log (block, rights, rollback, campaign, deletion, suppression), newest first; refused without its right.")
            .Produces<LogPageDto>();
        return api;
    }

    private static async Task<IResult> ReadAsync(HttpContext context, LogReader logs, string? type, string? user, string? cursor, int? limit)
    {
        HashSet<LogType>? types = null;
        if (type is not null)
        {
            types = [];
            foreach (var name in type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!LogReader.TryParseType(name, out var parsed))
                {
                    return ApiProblem.Of(new Core.Commands.JadeError.InvalidFilter("type"), ApiCaller.Of(context).Actor);
                }
                types.Add(parsed);
            }
        }
        if (ApiProblem.LimitOutOfRange(limit, 500) is { } outOfRange)
        {
            return outOfRange;
        }
        if (!ApiWrites.TryOlderThan(cursor, out var olderThan, out var badCursor))
        {
            return badCursor;
        }
        var caller = ApiCaller.Of(context);
        var result = await logs.ReadAsync(new LogQuery(types, string.IsNullOrWhiteSpace(user) ? null : Core.Users.UserNames.Normalize(user), olderThan, limit ?? 100),
            await caller.LoadAsync(context), context.RequestAborted);
        if (result.Value is not { } page)
        {
            return ApiProblem.Of(result.Error!, caller.Actor);
        }
        return ApiJson.Json(new LogPageDto(page.Entries.Select(Entry).ToList(), page.OlderThan is { } older ? FeedCursor.Encode(older) : null));
    }

    private static LogEntryDto Entry(LogEntry e) => new(
        FeedCursor.Encode(e.Seq), LogReader.NameOf(e.Log), ApiProblem.Camel(e.Type.ToString()), e.At,
        e.Performer is { } p ? ApiModels.User(p) : null, e.Subject is { } s ? ApiModels.User(s) : null, e.Wiki, e.Artifact?.ToString(),
        e.Item is { } item ? ItemRef.NameOf(item.Kind) : null, e.Item?.Id, e.Field is { } f ? ItemRef.NameOf(f) : null,
        e.From is { } from ? ItemRef.NameOf(from) : null, e.To is { } to ? ItemRef.NameOf(to) : null,
        e.Group, e.Expiry, e.CampaignId, e.Reason.Value, e.Reason.Hidden);
}

public sealed record LogEntryDto(string Cursor, string Log, string Type, DateTimeOffset At, UserDto? Performer, UserDto? Subject, string? Wiki, string? Artifact,
    string? Kind, long? Id, string? Field, string? From, string? To, string? Group, DateTimeOffset? Expiry, long? CampaignId, string? Reason, bool ReasonHidden);

public sealed record LogPageDto(IReadOnlyList<LogEntryDto> Entries, string? Next);
