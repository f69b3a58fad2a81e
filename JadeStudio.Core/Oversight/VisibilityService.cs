using System.Text.Json;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Text;
using JadeStudio.Core.Visibility;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Oversight;

/// <summary>
/// Deletes, suppresses and restores one field of one item (MediaWiki's revision deletion). A text field
/// covers every version of that text (earlier notes and comment revisions too); a user field covers the
/// item and every event about it. Each change is logged with its reason; hiding something already
/// published also emits a public redaction event without performer or value.
/// </summary>
public sealed class VisibilityService(CommandWriter writer, ActorLoader actors)
{
    public Task<Result<VisibilityChange>> SetAsync(ActorRef actor, VisibilityRequest request, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(context => ApplyAsync(context, actor, request, cancellationToken), cancellationToken);

    /// <summary>Runs inside a command (also used by the oversight queue, which closes a request in the same transaction).</summary>
    internal async Task<VisibilityChange> ApplyAsync(CommandContext context, ActorRef actor, VisibilityRequest request, CancellationToken cancellationToken)
    {
        var db = context.Db;
        var loaded = await actors.LoadAsync(db, actor, cancellationToken);
        if (VisibilityRights.Choosable(loaded.Rights).Count == 0)
        {
            throw new JadeException(new JadeError.PermissionDenied(Right.DeleteContent));
        }
        var item = await ItemFields.LoadAsync(db, request.Item, cancellationToken);
        var sameAuthor = request.Field == HideableField.User && await ItemFields.SameAuthorItemAsync(db, request.Item, cancellationToken) is { } linked
            ? await ItemFields.LoadAsync(db, linked, cancellationToken)
            : null;
        var from = request.Field switch
        {
            HideableField.Text => item.TextIds.Count == 0
                ? throw new JadeException(new JadeError.InvalidVisibility(VisibilityProblem.NoText))
                : await db.Texts.Where(t => item.TextIds.Contains(t.Id)).MaxAsync(t => t.Visibility, cancellationToken),
            HideableField.User => (FieldVisibility)Math.Max((int)item.UserVisibility, (int)(sameAuthor?.UserVisibility ?? FieldVisibility.Visible)),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Field, null),
        };
        ActorLoader.RequireAdministrator(loaded, VisibilityRights.Needed(from, request.Level));
        var who = loaded;
        if (UnicodeText.IsBlank(request.Reason))
        {
            throw new JadeException(new JadeError.InvalidVisibility(VisibilityProblem.NoReason));
        }
        Text.Reasons.Checked(request.Reason);
        if (from == request.Level)
        {
            throw new JadeException(new JadeError.NoChange());
        }

        switch (request.Field)
        {
            case HideableField.Text:
                foreach (var text in await db.Texts.Where(t => item.TextIds.Contains(t.Id)).ToListAsync(cancellationToken))
                {
                    text.Visibility = request.Level;
                }
                break;
            case HideableField.User:
                await item.SetUserVisibilityAsync(db, request.Level, cancellationToken);
                if (sameAuthor is not null)
                {
                    await sameAuthor.SetUserVisibilityAsync(db, request.Level, cancellationToken);
                }
                break;
        }

        var reason = new StoredText { Content = Text.Reasons.Checked(request.Reason)! };
        db.Texts.Add(reason);
        await db.SaveChangesAsync(cancellationToken);
        var details = JsonSerializer.Serialize(new
        {
            kind = ItemRef.NameOf(request.Item.Kind),
            id = request.Item.Id,
            field = ItemRef.NameOf(request.Field),
            from = ItemRef.NameOf(from),
            to = ItemRef.NameOf(request.Level),
        });
        context.Emit(new StoredEvent
        {
            Type = EventType.VisibilityChanged,
            Audience = from == FieldVisibility.Suppressed || request.Level == FieldVisibility.Suppressed ? EventAudience.SuppressionLog : EventAudience.DeletionLog,
            ActorId = who.UserId,
            Wiki = item.Wiki,
            ArtifactId = item.ArtifactId,
            TextId = reason.Id,
            Data = details,
        });
        // The public learns only which item to drop (or fetch again): no performer, no reason, no level.
        var publicly = (from == FieldVisibility.Visible, request.Level == FieldVisibility.Visible) switch
        {
            (true, false) => EventType.ItemRedacted,
            (false, true) => EventType.ItemRestored,
            _ => (EventType?)null,
        };
        if (publicly is { } type)
        {
            context.Emit(new StoredEvent
            {
                Type = type,
                Wiki = item.Wiki,
                ArtifactId = item.ArtifactId,
                Data = JsonSerializer.Serialize(new { kind = ItemRef.NameOf(request.Item.Kind), id = request.Item.Id, field = ItemRef.NameOf(request.Field) }),
            });
        }
        return new VisibilityChange(request.Item, request.Field, from, request.Level, item.ArtifactId);
    }
}
