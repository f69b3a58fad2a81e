using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Text;

namespace JadeStudio.Core.Discussions;

public sealed class DiscussionOptions
{
    /// <summary>Posts (threads, replies, edits) one user may make per minute.</summary>
    [Range(1, 100_000)]
    public int PostsPerMinute { get; set; } = 10;
}

public sealed record NewThread(ArtifactKey Artifact, string Title, string Text, ThreadSubject Subject = ThreadSubject.Artifact, long? SubjectId = null);

/// <summary>Threads and comments (right <c>comment</c>; blocks on <c>comment</c> refuse it), through the command path.</summary>
public sealed class DiscussionService(CommandWriter writer, ActorLoader actors, DiscussionOptions options, AbuseFilters.AbuseFilterService? filters = null)
{
    private Task ScreenAsync(CommandContext context, Actor who, AbuseFilters.TextAction action, ArtifactKey artifact, string text, CancellationToken cancellationToken) =>
        filters is null ? Task.CompletedTask : filters.ScreenAsync(context, who, new AbuseFilters.FilterInput(action, artifact.Wiki, artifact.ToString(), text), cancellationToken);

    private Task<Result<T>> Screened<T>(Task<Result<T>> running) => filters is null ? running : filters.GuardAsync(running);

    public const int MaxTitle = 200;
    public const int MaxText = 10_000;

    public Task<Result<(long ThreadId, long CommentId)>> StartThreadAsync(ActorRef actor, NewThread thread, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.Comment, BlockAction.Comment, new BlockTarget(thread.Artifact.Wiki, thread.Artifact.ToString()), cancellationToken);
            var title = TextField.Required(thread.Title, "title", MaxTitle);
            var text = TextField.Required(thread.Text, "text", MaxText);
            await ScreenAsync(context, who, AbuseFilters.TextAction.ThreadTitle, thread.Artifact, title, cancellationToken);
            await ScreenAsync(context, who, AbuseFilters.TextAction.Comment, thread.Artifact, text, cancellationToken);
            await RequireRateAsync(context, who, cancellationToken);
            var (artifact, _) = await JudgmentService.EnsureArtifactAsync(context, thread.Artifact, cancellationToken);
            await RequireSubjectAsync(context, artifact.Id, thread.Subject, thread.SubjectId, cancellationToken);
            var titleText = new StoredText { Content = title };
            var bodyText = new StoredText { Content = text };
            context.Db.Texts.AddRange(titleText, bodyText);
            await context.Db.SaveChangesAsync(cancellationToken);
            var started = new DiscussionThread
            {
                ArtifactId = artifact.Id,
                TitleTextId = titleText.Id,
                AuthorId = who.UserId!.Value,
                Subject = thread.Subject,
                SubjectId = thread.Subject == ThreadSubject.Artifact ? null : thread.SubjectId,
                CreatedAt = context.Now,
                LastActivityAt = context.Now,
            };
            context.Db.Threads.Add(started);
            await context.Db.SaveChangesAsync(cancellationToken);
            var comment = new Comment { ThreadId = started.Id, AuthorId = who.UserId.Value, TextId = bodyText.Id, CreatedAt = context.Now };
            context.Db.Comments.Add(comment);
            await context.Db.SaveChangesAsync(cancellationToken);
            await SearchIndex.AddAsync(context, titleText.Id, title, SearchableKind.ThreadTitle, artifact.Wiki, who.UserId.Value, artifact.Id, cancellationToken);
            await SearchIndex.AddAsync(context, bodyText.Id, text, SearchableKind.Comment, artifact.Wiki, who.UserId.Value, artifact.Id, cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.ThreadStarted,
                ActorId = who.UserId,
                Wiki = artifact.Wiki,
                ArtifactId = artifact.Id,
                TextId = bodyText.Id,
                Data = JsonSerializer.Serialize(new { threadId = started.Id, commentId = comment.Id, subject = started.Subject.ToString().ToLowerInvariant(), subjectId = started.SubjectId }),
            });
            return (started.Id, comment.Id);
        }, cancellationToken));

    /// <summary>Replies to a thread; a reply to a reply attaches to the post it answers (one level of nesting).</summary>
    public Task<Result<long>> ReplyAsync(ActorRef actor, long threadId, long? parentCommentId, string text, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var (thread, artifact) = await ThreadAsync(context, threadId, cancellationToken);
            var who = await actors.RequireAsync(context.Db, actor, Right.Comment, BlockAction.Comment, new BlockTarget(artifact.Wiki, artifact.Key.ToString()), cancellationToken);
            var body = TextField.Required(text, "text", MaxText);
            await ScreenAsync(context, who, AbuseFilters.TextAction.Comment, artifact.Key, body, cancellationToken);
            await RequireRateAsync(context, who, cancellationToken);
            long? parent = null;
            if (parentCommentId is { } id)
            {
                var replyTo = await context.Db.Comments.SingleOrDefaultAsync(c => c.Id == id && c.ThreadId == threadId, cancellationToken)
                    ?? throw new JadeException(new JadeError.EntityNotFound("comment"));
                parent = replyTo.ParentId ?? replyTo.Id;
            }
            var stored = new StoredText { Content = body };
            context.Db.Texts.Add(stored);
            await context.Db.SaveChangesAsync(cancellationToken);
            var comment = new Comment { ThreadId = threadId, ParentId = parent, AuthorId = who.UserId!.Value, TextId = stored.Id, CreatedAt = context.Now };
            context.Db.Comments.Add(comment);
            thread.LastActivityAt = context.Now;
            await context.Db.SaveChangesAsync(cancellationToken);
            await SearchIndex.AddAsync(context, stored.Id, body, SearchableKind.Comment, artifact.Wiki, who.UserId.Value, artifact.Id, cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.CommentPosted,
                ActorId = who.UserId,
                Wiki = artifact.Wiki,
                ArtifactId = artifact.Id,
                TextId = stored.Id,
                Data = JsonSerializer.Serialize(new { threadId, commentId = comment.Id, parentId = parent }),
            });
            return comment.Id;
        }, cancellationToken));

    /// <summary>Edits one's own comment; the earlier text is kept as a revision.</summary>
    public Task<Result<int>> EditAsync(ActorRef actor, long commentId, string text, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        Screened(writer.ExecuteAsync(async context =>
        {
            var comment = await context.Db.Comments.SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("comment"));
            var (thread, artifact) = await ThreadAsync(context, comment.ThreadId, cancellationToken);
            var who = await actors.RequireAsync(context.Db, actor, Right.Comment, BlockAction.Comment, new BlockTarget(artifact.Wiki, artifact.Key.ToString()), cancellationToken);
            if (comment.AuthorId != who.UserId)
            {
                throw new JadeException(new JadeError.PermissionDenied(Right.EditOthersJudgments));
            }
            if (expectedVersion is { } seen && seen != comment.Version)
            {
                throw new JadeException(new JadeError.EditConflict(comment.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            var body = TextField.Required(text, "text", MaxText);
            await ScreenAsync(context, who, AbuseFilters.TextAction.Comment, artifact.Key, body, cancellationToken);
            var old = await context.Db.Texts.SingleAsync(t => t.Id == comment.TextId, cancellationToken);
            if (old.Content == body)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            await RequireRateAsync(context, who, cancellationToken);
            var stored = new StoredText { Content = body };
            context.Db.Texts.Add(stored);
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Db.CommentRevisions.Add(new CommentRevision { CommentId = comment.Id, TextId = comment.TextId, ReplacedAt = context.Now });
            var previous = comment.TextId;
            comment.TextId = stored.Id;
            comment.EditedAt = context.Now;
            comment.Version++;
            thread.LastActivityAt = context.Now;
            await context.Db.SaveChangesAsync(cancellationToken);
            await SearchIndex.AddAsync(context, stored.Id, body, SearchableKind.Comment, artifact.Wiki, who.UserId!.Value, artifact.Id, cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.CommentEdited,
                ActorId = who.UserId,
                Wiki = artifact.Wiki,
                ArtifactId = artifact.Id,
                TextId = stored.Id,
                PreviousTextId = previous,
                Data = JsonSerializer.Serialize(new { threadId = thread.Id, commentId }),
            }.KeepingHidden(comment.AuthorId, comment.AuthorVisibility));
            return comment.Version;
        }, cancellationToken));

    /// <summary>Marks a thread resolved (who and when are recorded), or reopens it.</summary>
    public Task<Result<bool>> SetResolvedAsync(ActorRef actor, long threadId, bool resolved, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var (thread, artifact) = await ThreadAsync(context, threadId, cancellationToken);
            var who = await actors.RequireAsync(context.Db, actor, Right.Comment, BlockAction.Comment, new BlockTarget(artifact.Wiki, artifact.Key.ToString()), cancellationToken);
            if ((thread.ResolvedAt is not null) == resolved)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            thread.ResolvedAt = resolved ? context.Now : null;
            thread.ResolvedById = resolved ? who.UserId : null;
            thread.LastActivityAt = context.Now;
            context.Emit(new StoredEvent
            {
                Type = resolved ? EventType.ThreadResolved : EventType.ThreadReopened,
                ActorId = who.UserId,
                Wiki = artifact.Wiki,
                ArtifactId = artifact.Id,
                Data = JsonSerializer.Serialize(new { threadId }),
            });
            return resolved;
        }, cancellationToken);

    public Task<Result<bool>> WatchAsync(ActorRef actor, ArtifactKey key, bool watch, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            if (actor.UserId is not { } userId)
            {
                throw new JadeException(new JadeError.PermissionDenied(Right.Comment));
            }
            var (artifact, _) = await JudgmentService.EnsureArtifactAsync(context, key, cancellationToken);
            var existing = await context.Db.Watches.SingleOrDefaultAsync(w => w.UserId == userId && w.ArtifactId == artifact.Id, cancellationToken);
            if (watch && existing is null)
            {
                context.Db.Watches.Add(new Watch { UserId = userId, ArtifactId = artifact.Id, CreatedAt = context.Now });
            }
            else if (!watch && existing is not null)
            {
                context.Db.Watches.Remove(existing);
            }
            return watch;
        }, cancellationToken);

    /// <summary>Remembers that the user has read everything up to an event, or changes whether their own activity is watched.</summary>
    public Task<Result<bool>> UpdateWatchStateAsync(ActorRef actor, long? readUpTo, bool? watchOwnActivity, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            if (actor.UserId is not { } userId)
            {
                throw new JadeException(new JadeError.PermissionDenied(Right.Comment));
            }
            var state = await context.Db.WatchStates.SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
            if (state is null)
            {
                state = new WatchState { UserId = userId };
                context.Db.WatchStates.Add(state);
            }
            if (readUpTo is { } seq && seq > state.LastReadSeq)
            {
                state.LastReadSeq = seq;
            }
            if (watchOwnActivity is { } own)
            {
                state.WatchOwnActivity = own;
            }
            return true;
        }, cancellationToken);

    private async Task RequireRateAsync(CommandContext context, Actor who, CancellationToken cancellationToken)
    {
        // One count at a time per user, across nodes too.
        await context.LockAsync(LockedRow.User, who.UserId!.Value, cancellationToken);
        var since = context.Now - TimeSpan.FromMinutes(1);
        // Comments written or edited in the last minute, counted once: each count a short range of one index, where one
        // condition with "or" would read all the comments the author ever wrote at every post.
        var comments = context.Db.Comments.Where(c => c.AuthorId == who.UserId);
        var recent = await comments.CountAsync(c => c.CreatedAt > since, cancellationToken)
            + await comments.CountAsync(c => c.EditedAt > since, cancellationToken)
            - await comments.CountAsync(c => c.CreatedAt > since && c.EditedAt > since, cancellationToken);
        if (recent >= options.PostsPerMinute)
        {
            throw new JadeException(new JadeError.RateLimited(60));
        }
    }

    private static async Task RequireSubjectAsync(CommandContext context, long artifactId, ThreadSubject subject, long? subjectId, CancellationToken cancellationToken)
    {
        var belongs = subject switch
        {
            ThreadSubject.Artifact => true,
            ThreadSubject.Proposal => await context.Db.Proposals.AnyAsync(p => p.Id == subjectId && p.ArtifactId == artifactId, cancellationToken),
            ThreadSubject.Endorsement => await context.Db.Endorsements.AnyAsync(e => e.Id == subjectId && e.ArtifactId == artifactId, cancellationToken),
            ThreadSubject.Score => await context.Db.Scores.AnyAsync(s => s.Id == subjectId, cancellationToken),
            _ => false,
        };
        if (!belongs)
        {
            throw new JadeException(new JadeError.EntityNotFound(subject.ToString().ToLowerInvariant()));
        }
    }

    private static async Task<(DiscussionThread, Artifact)> ThreadAsync(CommandContext context, long threadId, CancellationToken cancellationToken)
    {
        var thread = await context.Db.Threads.SingleOrDefaultAsync(t => t.Id == threadId, cancellationToken)
            ?? throw new JadeException(new JadeError.EntityNotFound("thread"));
        return (thread, await context.Db.Artifacts.SingleAsync(a => a.Id == thread.ArtifactId, cancellationToken));
    }
}
