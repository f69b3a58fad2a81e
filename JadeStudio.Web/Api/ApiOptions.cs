using System.ComponentModel.DataAnnotations;

namespace JadeStudio.Web.Api;

/// <summary>The "JadeStudio:Api" configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "JadeStudio:Api";
    public const string WritePolicy = "api-writes";
    public const string CrossOriginPolicy = "api-cross-origin";

    /// <summary>Largest accepted request body.</summary>
    [Range(typeof(long), "1024", "1073741824")]
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Writes allowed per token (or per client address without a token) per window.</summary>
    [Range(1, int.MaxValue)]
    public int WritesPerWindow { get; set; } = 120;

    [Range(1, 86400)]
    public int WriteWindowSeconds { get; set; } = 60;

    /// <summary>How often an idle event stream sends a heartbeat comment.</summary>
    [Range(1, 3600)]
    public int HeartbeatSeconds { get; set; } = 15;
}
