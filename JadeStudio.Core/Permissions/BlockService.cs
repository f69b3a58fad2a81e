using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Text;
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
    string Reason,
    bool HideUser = false);

/// <summary>
/// Blocks and unblocks users (right <c>block</c>), through the command path with events. A block that hides
/// the user (indefinite, sitewide) is the act of hiding a user: it needs <c>hideuser</c>, and that right
/// alone is enough, so whoever may hide a user can (MediaWiki's oversighters do it from the block form).
/// </summary>
public sealed class BlockService(CommandWriter writer, ActorLoader actors, WikiCatalog wikis)
{
    /// <summary>As MediaWiki's partial blocks, which name at most ten pages: a block of many artifacts is a block of the wiki.</summary>
    public const int MaxArtifacts = 10;

    public Task<Result<BlockDetails>> BlockAsync(ActorRef actor, BlockRequest request, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAdministratorAsync(context.Db, actor, request.HideUser ? Right.HideUser : Right.Block, cancellationToken);
            Validate(request, context.Now);
            var user = await context.Db.Users.SingleOrDefaultAsync(u => u.Id == request.UserId, cancellationToken)
                ?? throw new JadeException(new JadeError.InvalidBlock(BlockProblem.UnknownUser));
            if (request.HideUser)
            {
                user.Hidden = true;
            }
            var block = new Block
            {
                UserId = request.UserId,
                Sitewide = request.Sitewide,
                Wikis = request.Sitewide ? "" : Block.Join(request.Wikis),
                Artifacts = request.Sitewide ? "" : Block.Join(request.Artifacts),
                Actions = request.Sitewide ? "" : Block.Join(request.Actions.Select(a => a.ToString().ToLowerInvariant())),
                Expiry = request.Expiry,
                Reason = Text.Reasons.Checked(request.Reason)!,
                BlockedById = who.UserId!.Value,
                CreatedAt = context.Now,
                HidesUser = request.HideUser,
            };
            await PlaceAsync(context, block, cancellationToken);
            return block.ToDetails();
        }, cancellationToken);

    /// <summary>Stores a block and logs it (a hide-user block in the suppression log only, as on MediaWiki); the caller checked who may.</summary>
    internal static async Task PlaceAsync(CommandContext context, Block block, CancellationToken cancellationToken)
    {
        context.Db.Blocks.Add(block);
        await context.Db.SaveChangesAsync(cancellationToken);
        context.Emit(new StoredEvent
        {
            Type = EventType.BlockCreated,
            Audience = block.HidesUser ? EventAudience.SuppressionLog : EventAudience.Public,
            ActorId = block.BlockedById,
            SubjectUserId = block.UserId,
            Data = System.Text.Json.JsonSerializer.Serialize(new { blockId = block.Id, sitewide = block.Sitewide, expiry = block.Expiry, hideUser = block.HidesUser }),
        });
    }

    public Task<Result<long>> UnblockAsync(ActorRef actor, long blockId, string reason, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.LoadAsync(context.Db, actor, cancellationToken);
            var block = await context.Db.Blocks.SingleOrDefaultAsync(b => b.Id == blockId && b.LiftedAt == null, cancellationToken);
            // Lifting a hiding block shows the name again, which is the oversighters' call.
            ActorLoader.Require(who, block is { HidesUser: true } ? Right.HideUser : Right.Block, null, BlockTarget.Site);
            if (block is null)
            {
                throw new JadeException(new JadeError.EntityNotFound("block"));
            }
            if (UnicodeText.IsBlank(reason))
            {
                throw new JadeException(new JadeError.InvalidBlock(BlockProblem.NoReason));
            }
            Text.Reasons.Checked(reason);
            if (block.HidesUser)
            {
                var user = await context.Db.Users.SingleAsync(u => u.Id == block.UserId, cancellationToken);
                user.Hidden = await context.Db.Blocks.AnyAsync(b => b.UserId == block.UserId && b.Id != block.Id && b.HidesUser && b.LiftedAt == null, cancellationToken);
            }
            var text = new StoredText { Content = Text.Reasons.Checked(reason)! };
            context.Db.Texts.Add(text);
            block.LiftedAt = context.Now;
            block.LiftedById = who.UserId;
            await context.Db.SaveChangesAsync(cancellationToken);
            context.Emit(new StoredEvent
            {
                Type = EventType.BlockLifted,
                Audience = block.HidesUser ? EventAudience.SuppressionLog : EventAudience.Public,
                ActorId = who.UserId,
                SubjectUserId = block.UserId,
                TextId = text.Id,
                Data = System.Text.Json.JsonSerializer.Serialize(new { blockId = block.Id }),
            });
            return block.Id;
        }, cancellationToken);

    private void Validate(BlockRequest request, DateTimeOffset now)
    {
        if (UnicodeText.IsBlank(request.Reason))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.NoReason));
        }
        Text.Reasons.Checked(request.Reason);
        if (request.Expiry is { } expiry && expiry <= now)
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.ExpiryInPast));
        }
        if (!request.Sitewide && request.Wikis.Count == 0 && request.Artifacts.Count == 0 && request.Actions.Count == 0)
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.PartialWithoutRestriction));
        }
        if (request.HideUser && (!request.Sitewide || request.Expiry is not null))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.HideUserNeedsIndefiniteSitewide));
        }
        if (request.Wikis.Any(w => wikis.Find(w) is null))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.UnknownWiki));
        }
        if (request.Artifacts.Distinct().Count() > MaxArtifacts)
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.TooManyArtifacts));
        }
        if (request.Artifacts.Any(id => ArtifactKey.Parse(id, wikis) is not ArtifactKeyParse.Valid))
        {
            throw new JadeException(new JadeError.InvalidBlock(BlockProblem.InvalidArtifact));
        }
    }
}
