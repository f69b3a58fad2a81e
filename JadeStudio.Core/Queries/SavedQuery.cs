using JadeStudio.Core.Commands;
using JadeStudio.Core.Text;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Queries;

/// <summary>A query someone saved on the query page: its permalink is <c>/query/{Id}</c>.</summary>
public sealed class SavedQuery
{
    public const int MaxTitleLength = 200;

    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Sql { get; set; }
    public long AuthorId { get; set; }

    /// <summary>The public dump it ran on when saved (a permalink shows it; running it again reads the latest dump).</summary>
    public long DumpId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A saved query as a reader sees it: the author's name through the redaction function.</summary>
public sealed record SavedQueryView(SavedQuery Query, RedactedUser Author);

/// <summary>Saves, reads and deletes saved queries. Saving needs <c>savequeries</c> and no sitewide block; deleting is for the author or <c>deletecontent</c>.</summary>
public sealed class SavedQueries(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, Dumps.DumpOptions options)
{
    /// <summary>
    /// Saves the query and gives it as its author sees it now: read back in the same command, because the author (or a
    /// moderator) may delete it the moment the command commits, before any later read.
    /// </summary>
    public Task<Result<SavedQueryView>> SaveAsync(ActorRef actor, string title, string sql, long dumpId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.SaveQueries, null, BlockTarget.Site, cancellationToken);
            if (who.Blocks.FirstOrDefault(b => b.Sitewide) is { } block)
            {
                throw new JadeException(new JadeError.Blocked(block));
            }
            var trimmed = TextField.Required(title, "title", SavedQuery.MaxTitleLength);
            if (string.IsNullOrWhiteSpace(sql))
            {
                throw new JadeException(new JadeError.EmptyText("sql"));
            }
            if (sql.Length > options.Query.MaxLength)
            {
                throw new JadeException(new JadeError.TextTooLong("sql", options.Query.MaxLength));
            }
            var saved = new SavedQuery { Title = trimmed, Sql = sql, AuthorId = who.UserId!.Value, DumpId = dumpId, CreatedAt = context.Now };
            context.Db.Add(saved);
            await context.Db.SaveChangesAsync(cancellationToken);
            var author = await context.Db.Users.AsNoTracking().SingleAsync(u => u.Id == saved.AuthorId, cancellationToken);
            return new SavedQueryView(saved, AuthorOf(author, who));
        }, cancellationToken);

    public Task<Result<long>> DeleteAsync(ActorRef actor, long id, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.LoadAsync(context.Db, actor, cancellationToken);
            var saved = await context.Db.Set<SavedQuery>().SingleOrDefaultAsync(q => q.Id == id, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("query"));
            if (saved.AuthorId != who.UserId)
            {
                // Someone else's query: removing it is moderation.
                ActorLoader.RequireAdministrator(who, Right.DeleteContent);
            }
            context.Db.Remove(saved);
            await context.Db.SaveChangesAsync(cancellationToken);
            return id;
        }, cancellationToken);

    public async Task<SavedQueryView?> FindAsync(long id, Actor reader, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<SavedQuery>().AsNoTracking().Where(q => q.Id == id)
            .Join(db.Users, q => q.AuthorId, u => u.Id, (q, u) => new { Query = q, User = u }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : new SavedQueryView(found.Query, AuthorOf(found.User, reader));
    }

    /// <summary>The latest saved queries, newest first.</summary>
    public async Task<IReadOnlyList<SavedQueryView>> RecentAsync(int limit, Actor reader, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<SavedQuery>().AsNoTracking().OrderByDescending(q => q.Id).Take(limit)
            .Join(db.Users, q => q.AuthorId, u => u.Id, (q, u) => new { Query = q, User = u }).ToListAsync(cancellationToken);
        return found.OrderByDescending(f => f.Query.Id).Select(f => new SavedQueryView(f.Query, AuthorOf(f.User, reader))).ToList();
    }

    private static RedactedUser AuthorOf(User user, Actor reader) => Redaction.User(user.Id, user.Name, FieldVisibility.Visible, user.Hidden, reader.Rights);
}
