using JadeStudio.Core.Commands;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Web.I18n;

namespace JadeStudio.Web.Auth;

/// <summary>The outcome of a UI action: done (with an optional note), or refused with a readable reason.</summary>
public sealed record ActionResult(bool Succeeded, string? Message)
{
    public static readonly ActionResult Done = new(true, null);
}

/// <summary>Runs a judgment command as the current user and turns the result into text for the UI.</summary>
public sealed class JudgmentActions(JudgmentService judgments, CurrentUser currentUser, Messages m)
{
    public async Task<ActionResult> RunAsync(Func<JudgmentService, ActorRef, Task<Result<JudgmentOutcome>>> action)
    {
        var result = await action(judgments, await currentUser.RefAsync());
        if (!result.IsSuccess)
        {
            return new ActionResult(false, ErrorText.Describe(result.Error!, m));
        }
        var warnings = result.Value!.Warnings;
        return warnings.Count == 0
            ? ActionResult.Done
            : new ActionResult(true, string.Join(" ", warnings.Select(w => m["jadestudio-warning-" + w.ToString().ToLowerInvariant()].Value)));
    }
}
