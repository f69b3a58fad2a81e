using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Dumps;

/// <summary>That one user accepted one version of the redaction terms, and when.</summary>
public sealed class TermsAcceptance
{
    public long UserId { get; set; }
    public int Version { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
}

/// <summary>
/// The redaction terms (JADE's condition for third-party consumers): whoever takes data out through the feed or the
/// dumps drops what is redacted later. API tokens are issued only to users who accepted the current version.
/// </summary>
public sealed class RedactionTerms(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts)
{
    /// <summary>Raised when the terms' text changes in substance: everyone accepts again before their next token.</summary>
    public const int CurrentVersion = 1;

    public Task<Result<DateTimeOffset>> AcceptAsync(ActorRef actor, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            // Whoever may hold a token may accept the terms it comes with.
            var who = await actors.RequireAsync(context.Db, actor, Right.ApiTokens, null, BlockTarget.Site, cancellationToken);
            var userId = who.UserId!.Value;
            if (await context.Db.Set<TermsAcceptance>().SingleOrDefaultAsync(a => a.UserId == userId && a.Version == CurrentVersion, cancellationToken) is { } earlier)
            {
                return earlier.AcceptedAt;
            }
            Record(context, userId);
            await context.Db.SaveChangesAsync(cancellationToken);
            return context.Now;
        }, cancellationToken);

    /// <summary>When the user accepted the current terms, or null.</summary>
    public async Task<DateTimeOffset?> AcceptedAtAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AcceptedAtAsync(db, userId, cancellationToken);
    }

    /// <summary>Adds the acceptance of the current version to a running command.</summary>
    internal static void Record(CommandContext context, long userId) =>
        context.Db.Add(new TermsAcceptance { UserId = userId, Version = CurrentVersion, AcceptedAt = context.Now });

    internal static Task<DateTimeOffset?> AcceptedAtAsync(JadeDbContext db, long userId, CancellationToken cancellationToken) =>
        db.Set<TermsAcceptance>().AsNoTracking().Where(a => a.UserId == userId && a.Version == CurrentVersion).Select(a => (DateTimeOffset?)a.AcceptedAt)
            .SingleOrDefaultAsync(cancellationToken);
}
