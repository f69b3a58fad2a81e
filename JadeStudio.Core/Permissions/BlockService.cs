using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Permissions;

/// <summary>What to block: everything (sitewide) or the intersection of the given wikis, artifacts and actions.</summary>
public sealed record BlockRequest(
    long UserId,
    bool Sitewide,
    IReadOnlyCollection<string> Wikis,
    IReadOnlyCollection<string> Artifacts,
    IReadOnlyCollection<BlockAction> Actions,
    DateTimeOffset? Expiry,
    string Reason);

/// <summary>Blocks and unblocks users (right <c>block</c>), through the command path with events.</summary>
public sealed class BlockService(CommandWriter writer, ActorLoader actors, WikiCatalog wikis)
{
    public Task<Result<BlockDetails>> BlockAsync(ActorRef actor, BlockRequest request, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.Block, null, BlockTarget.Site, cancellationToken);
            // A sitewide-blocked admin cannot block others (MediaWiki's rule), a partial block does not stop it.
            if (who.Blocks.FirstOrDefault(b => b.Sitewide) is { } own)
            {
                throw new JadeException(new JadeError.Blocked(own));
            }
            Validate(request, context.Now);
            if (!await context.Db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken))
            {
                throw new JadeException(new JadeError.InvalidBlock(BlockProblem.UnknownUser));
            }
            var block = new Block
            {
                UserId = request.UserId,
                Sitewide = request.Sitewide,
                Wikis = request.Sitewide ? "" : Block.Join(request.Wikis),
                Artifacts = request.Sitewide ? "" : Block.Join(request.Artifacts),
                Actions = request.Sitewide ? "" : Block.Join(request.Actions.Select(a => a.ToString().ToLowerInvariant())),
                Expiry = request.Expiry,
                Reason = request.Reason.Trim(),
                BlockedById = who.UserId!.Value,
                CreatedAt = context.Now,
            };
            context.Db.Blocks.Add(block);
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.BlockCreated,
                ActorId = who.UserId,
                SubjectUserId = request.UserId,
                Data = System.Text.Json.JsonSerializer.Serialize(new { blockId = block.Id, sitewide = block.Sitewide, expiry = block.Expiry }),
            });
            return block.ToDetails();
        }, cancellationToken);

    public Task<Result<long>> UnblockAsync(ActorRef actor, long blockId, string reason, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.Block, null, BlockTarget.Site, cancellationToken);
            var block = await context.Db.Blocks.SingleOrDefaultAsync(b => b.Id == blockId && b.LiftedAt == null, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("block"));
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new JadeException(new JadeError.InvalidBlock(BlockProblem.NoReason));
            }
            var text = new StoredText { Content = reason.Trim() };
            context.Db.Texts.Add(text);
            block.LiftedAt = context.Now;
            block.LiftedById = who.UserId;
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.BlockLifted,
                ActorId = who.UserId,
                SubjectUserId = block.UserId,
                TextId = text.Id,
                Data = System.Text.Json.JsonSerializer.Serialize(new { blockId = block.Id }),
            });
            return block.Id;
        }, cancellationToken);

    private void Validate(BlockRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.NoReason));
        }
        if (request.Expiry is { } expiry && expiry <= now)
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.ExpiryInPast));
        }
        if (!request.Sitewide && request.Wikis.Count == 0 && request.Artifacts.Count == 0 && request.Actions.Count == 0)
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.PartialWithoutRestriction));
        }
        if (request.Wikis.Any(w => wikis.Find(w) is null))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.UnknownWiki));
        }
        if (request.Artifacts.Any(id => ArtifactKey.Parse(id, wikis) is not ArtifactKeyParse.Valid))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.InvalidArtifact));
        }
    }
}
