namespace JadeStudio.Web.Api;

/// <summary>The "JadeStudio:Api" configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "JadeStudio:Api";
    public const string WritePolicy = "api-writes";

    /// <summary>Largest accepted request body.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Writes allowed per token (or per client address without a token) per window.</summary>
    public int WritesPerWindow { get; set; } = 120;

    public int WriteWindowSeconds { get; set; } = 60;

    /// <summary>How often an idle event stream sends a heartbeat comment.</summary>
    public int HeartbeatSeconds { get; set; } = 15;
}
