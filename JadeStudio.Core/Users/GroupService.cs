using System.Text.Json;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Users;

public enum GroupChangeProblem
{
    UnknownGroup,
    ImplicitGroup,
    NoReason,
    ExpiryInPast,
    UnknownUser,
}

/// <summary>Local group memberships (right <c>managegroups</c>), with reason and optional expiry, logged as events.</summary>
public sealed class GroupService(CommandWriter writer, ActorLoader actors, PermissionOptions permissions)
{
    /// <summary>Groups a manager can grant: the configured ones except the implicit <c>*</c> and <c>user</c>.</summary>
    public IReadOnlyList<string> AssignableGroups =>
        permissions.Groups.Keys.Where(g => g is not (PermissionOptions.Everyone or PermissionOptions.SignedIn)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Adds a membership, or changes the expiry of an existing one.</summary>
    public Task<Result<bool>> AddAsync(ActorRef actor, long userId, string group, string reason, DateTimeOffset? expiry, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, userId, [group], [], reason, expiry, cancellationToken);

    public Task<Result<bool>> RemoveAsync(ActorRef actor, long userId, string group, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, userId, [], [group], reason, null, cancellationToken);

    /// <summary>
    /// Adds and removes several groups as one command: each change is logged on its own, and a refused one
    /// (unknown group, no change …) leaves every other one undone too.
    /// </summary>
    public Task<Result<bool>> ChangeAsync(ActorRef actor, long userId, IReadOnlyCollection<string> add, IReadOnlyCollection<string> remove, string reason,
        DateTimeOffset? expiry, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await RequireManagerAsync(context, actor, cancellationToken);
            if (add.Count + remove.Count == 0)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            foreach (var group in add)
            {
                await AddWithinAsync(context, who, userId, group, reason, expiry, cancellationToken);
            }
            foreach (var group in remove)
            {
                await RemoveWithinAsync(context, who, userId, group, reason, cancellationToken);
            }
            return true;
        }, cancellationToken);

    private async Task AddWithinAsync(CommandContext context, Actor who, long userId, string group, string reason, DateTimeOffset? expiry, CancellationToken cancellationToken)
    {
        Validate(group, reason);
        if (expiry is { } until && until <= context.Now)
        {
            throw Invalid(GroupChangeProblem.ExpiryInPast);
        }
        await RequireUserAsync(context, userId, cancellationToken);
        var membership = await context.Db.UserGroupMemberships.SingleOrDefaultAsync(m => m.UserId == userId && m.Group == group, cancellationToken);
        if (membership is not null && membership.IsActiveAt(context.Now) && membership.Expiry == expiry)
        {
            throw new JadeException(new JadeError.NoChange());
        }
        if (membership is null)
        {
            context.Db.UserGroupMemberships.Add(new UserGroupMembership { UserId = userId, Group = group, GrantedAt = context.Now, Expiry = expiry });
        }
        else
        {
            membership.GrantedAt = context.Now;
            membership.Expiry = expiry;
        }
        await LogAsync(context, EventType.GroupAdded, who, userId, group, expiry, reason, cancellationToken);
    }

    private async Task RemoveWithinAsync(CommandContext context, Actor who, long userId, string group, string reason, CancellationToken cancellationToken)
    {
        Validate(group, reason);
        var membership = await context.Db.UserGroupMemberships.SingleOrDefaultAsync(m => m.UserId == userId && m.Group == group, cancellationToken);
        if (membership is null || !membership.IsActiveAt(context.Now))
        {
            throw new JadeException(new JadeError.NoChange());
        }
        context.Db.UserGroupMemberships.Remove(membership);
        await LogAsync(context, EventType.GroupRemoved, who, userId, group, null, reason, cancellationToken);
    }

    private async Task<Actor> RequireManagerAsync(CommandContext context, ActorRef actor, CancellationToken cancellationToken)
    {
        var who = await actors.RequireAsync(context.Db, actor, Right.ManageGroups, null, BlockTarget.Site, cancellationToken);
        if (who.Blocks.FirstOrDefault(b => b.Sitewide) is { } block)
        {
            throw new JadeException(new JadeError.Blocked(block));
        }
        return who;
    }

    private void Validate(string group, string reason)
    {
        if (group is PermissionOptions.Everyone or PermissionOptions.SignedIn)
        {
            throw Invalid(GroupChangeProblem.ImplicitGroup);
        }
        if (!permissions.Groups.ContainsKey(group))
        {
            throw Invalid(GroupChangeProblem.UnknownGroup);
        }
        if (UnicodeText.IsBlank(reason))
        {
            throw Invalid(GroupChangeProblem.NoReason);
        }
        Text.Reasons.Checked(reason);
    }

    private static async Task RequireUserAsync(CommandContext context, long userId, CancellationToken cancellationToken)
    {
        if (!await context.Db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            throw Invalid(GroupChangeProblem.UnknownUser);
        }
    }

    private static async Task LogAsync(CommandContext context, EventType type, Actor who, long userId, string group, DateTimeOffset? expiry, string reason, CancellationToken cancellationToken)
    {
        var text = new StoredText { Content = Text.Reasons.Checked(reason)! };
        context.Db.Texts.Add(text);
        await context.Db.SaveChangesAsync(cancellationToken);
        context.Emit(new StoredEvent
        {
            Type = type,
            ActorId = who.UserId,
            SubjectUserId = userId,
            TextId = text.Id,
            Data = JsonSerializer.Serialize(new { group, expiry }),
        });
    }

    private static JadeException Invalid(GroupChangeProblem problem) => new(new JadeError.InvalidGroupChange(problem));
}
