using System.Text.Json;
using JadeStudio.Core.Events;

namespace JadeStudio.Core.Oversight;

/// <summary>What counts as one suppression (for metrics and the review budget): a field suppressed, or an account hidden.</summary>
public static class Suppressions
{
    public static bool Counts(EventType type, EventAudience audience, string? data) => (type, audience) switch
    {
        (EventType.BlockCreated, EventAudience.SuppressionLog) => true,
        // In the suppression log a change either suppresses or lifts a suppression: only the first counts.
        (EventType.VisibilityChanged, EventAudience.SuppressionLog) => To(data) == "suppressed",
        _ => false,
    };

    private static string? To(string? data)
    {
        using var details = JsonDocument.Parse(data ?? "{}");
        return details.RootElement.TryGetProperty("to", out var to) ? to.GetString() : null;
    }
}
