using JadeStudio.Core.Commands;
using JadeStudio.Core.Discussions;

namespace JadeStudio.Web.Api;

/// <summary>Discussions: an artifact's threads, replies, comment edits (If-Match) and resolving.</summary>
public static class ThreadsApi
{
    public static RouteGroupBuilder MapThreadsApi(this RouteGroupBuilder api)
    {
        var artifact = api.MapGroup("/artifacts/{wiki}/{type}/{revId}/threads").WithTags("Discussions");
        artifact.MapGet("", ListAsync).WithName("listThreads")
            .WithSummary("The artifact's threads with their comments, oldest first.").Produces<IReadOnlyList<ThreadDto>>();
        artifact.MapPost("", StartAsync).WithName("startThread").CreatesAt("/api/v1/threads/{id}")
            .WithSummary("Start a thread about the artifact or one of its proposals (right comment).")
            .Accepts<NewThreadBody>("application/json").Produces<ThreadDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);

        var thread = api.MapGroup("/threads/{id:long}").WithTags("Discussions");
        thread.MapGet("", GetAsync).WithName("getThread").WithSummary("One thread with its comments.").Produces<ThreadDto>();
        thread.MapPost("/comments", ReplyAsync).WithName("replyToThread")
            .WithSummary("Reply in a thread; a parentId answers that comment (replies to replies attach to the post).")
            .Accepts<ReplyBody>("application/json").Produces<ThreadDto>(201).RequireRateLimiting(ApiOptions.WritePolicy);
        thread.MapPost("/resolved", SetResolvedAsync).WithName("resolveThread")
            .WithSummary("Mark the thread resolved ({\"resolved\": true}) or reopen it.")
            .Accepts<ResolvedBody>("application/json").Produces<ThreadDto>().RequireRateLimiting(ApiOptions.WritePolicy);

        api.MapPatch("/comments/{id:long}", EditAsync).WithTags("Discussions").WithName("editComment")
            .WithSummary("Edit your own comment; the earlier text stays in its history. If-Match: the comment's ETag.")
            .Accepts<TextBody>("application/json").Produces<ThreadDto>().TakesIfMatch().RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private static async Task<IResult> ListAsync(string wiki, string type, string revId, HttpContext context, DiscussionQueries queries)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        var threads = await queries.ForArtifactAsync(key, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        return ApiJson.Json(threads.Select(ApiModels.Thread).ToList());
    }

    private static async Task<IResult> StartAsync(string wiki, string type, string revId, HttpContext context, DiscussionService discussions, DiscussionQueries queries)
    {
        if (!ApiWrites.TryKey(wiki, type, revId, context, out var key, out var problem))
        {
            return problem;
        }
        var (body, bodyProblem) = await ApiWrites.BodyAsync<NewThreadBody>(context);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }
        if (!TrySubject(body!.Subject, out var subject))
        {
            return ApiProblem.BadRequest("'subject' must be one of: " + string.Join(", ", Enum.GetValues<ThreadSubject>().Select(ApiModels.Subject)) + ".");
        }
        var result = await discussions.StartThreadAsync(ApiCaller.Of(context).Actor, new NewThread(key, body.Title, body.Text, subject, body.SubjectId), context.RequestAborted);
        if (!result.IsSuccess)
        {
            return ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor);
        }
        ApiWrites.CreatedAt(context, $"/api/v1/threads/{result.Value.ThreadId}");
        return await ThreadAsync(result.Value.ThreadId, context, queries, StatusCodes.Status201Created);
    }

    private static Task<IResult> GetAsync(long id, HttpContext context, DiscussionQueries queries) =>
        ThreadAsync(id, context, queries, StatusCodes.Status200OK);

    private static async Task<IResult> ReplyAsync(long id, HttpContext context, DiscussionService discussions, DiscussionQueries queries)
    {
        var (body, problem) = await ApiWrites.BodyAsync<ReplyBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var result = await discussions.ReplyAsync(ApiCaller.Of(context).Actor, id, body!.ParentId, body.Text, context.RequestAborted);
        return await AfterAsync(result, id, context, queries, StatusCodes.Status201Created);
    }

    private static async Task<IResult> SetResolvedAsync(long id, HttpContext context, DiscussionService discussions, DiscussionQueries queries)
    {
        var (body, problem) = await ApiWrites.BodyAsync<ResolvedBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var result = await discussions.SetResolvedAsync(ApiCaller.Of(context).Actor, id, body!.Resolved, context.RequestAborted);
        return await AfterAsync(result, id, context, queries, StatusCodes.Status200OK);
    }

    private static async Task<IResult> EditAsync(long id, HttpContext context, DiscussionService discussions, DiscussionQueries queries)
    {
        var (body, problem) = await ApiWrites.BodyAsync<TextBody>(context);
        if (problem is not null)
        {
            return problem;
        }
        var threadId = await queries.ThreadOfCommentAsync(id, context.RequestAborted);
        if (threadId is null)
        {
            return ApiProblem.Of(new JadeError.EntityNotFound("comment"), ApiCaller.Of(context).Actor);
        }
        var result = await discussions.EditAsync(ApiCaller.Of(context).Actor, id, body!.Text, ApiWrites.ExpectedVersion(context, 'c', id), context.RequestAborted);
        return await AfterAsync(result, threadId.Value, context, queries, StatusCodes.Status200OK);
    }

    private static async Task<IResult> AfterAsync<T>(Result<T> result, long threadId, HttpContext context, DiscussionQueries queries, int status) =>
        result.IsSuccess ? await ThreadAsync(threadId, context, queries, status) : ApiProblem.Of(result.Error!, ApiCaller.Of(context).Actor);

    private static async Task<IResult> ThreadAsync(long id, HttpContext context, DiscussionQueries queries, int status)
    {
        var thread = await queries.FindThreadAsync(id, await ApiCaller.Of(context).LoadAsync(context), context.RequestAborted);
        return thread is null
            ? ApiProblem.Of(new JadeError.EntityNotFound("thread"), ApiCaller.Of(context).Actor)
            : ApiJson.Json(ApiModels.Thread(thread), status);
    }

    /// <summary>Absent means the artifact itself; otherwise one of the subject names in lower case.</summary>
    private static bool TrySubject(string? name, out ThreadSubject subject)
    {
        subject = ThreadSubject.Artifact;
        if (name is null)
        {
            return true;
        }
        var match = Enum.GetValues<ThreadSubject>().Where(s => ApiModels.Subject(s) == name).ToList();
        if (match.Count == 1)
        {
            subject = match[0];
        }
        return match.Count == 1;
    }
}
