using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/users/{id}/contributions: what a user did, newest first.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users/{id:long}/contributions", ContributionsAsync).WithTags("Users").WithName("userContributions")
            .WithSummary("A user's judgment events, newest first (cursor pages).").Produces<EventPageDto>();
        return api;
    }

    private static async Task<IResult> ContributionsAsync(long id, string? cursor, int? limit, HttpContext context, EventFeed feed, IDbContextFactory<JadeDbContext> contexts)
    {
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        await using (var db = await contexts.CreateDbContextAsync(context.RequestAborted))
        {
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, context.RequestAborted);
            // A hidden account is answered exactly like a missing one.
            if (user is null || (user.Hidden && !Redaction.CanSee(FieldVisibility.Suppressed, viewer.Rights)))
            {
                return ApiProblem.NotFound("No such user.");
            }
        }
        long? before = null;
        if (cursor is not null)
        {
            if (!FeedCursor.TryDecode(cursor, out var seq))
            {
                return ApiProblem.BadRequest("Unknown cursor.");
            }
            before = seq;
        }
        var page = await feed.ReadAsync(new FeedQuery(AfterSeq: before, UserId: id, Limit: limit ?? 100, NewestFirst: true), viewer, context.RequestAborted);
        return page is FeedPage.Events events
            ? ApiJson.Json(new EventPageDto(events.Items.Select(ApiModels.Event).ToList(), events.NextCursor))
            : ApiProblem.BadRequest("Unknown cursor.");
    }
}
