namespace JadeStudio.Core.ApiTokens;

/// <summary>
/// A personal API token. Only the SHA-256 of the secret is stored; the secret is shown once.
/// Its rights are a subset of the owner's, and at use they are intersected with the owner's
/// current rights, so a lost right or a block applies to the token at once.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the secret, so a user can tell their tokens apart.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the secret.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Space-separated right names.</summary>
    public string Rights { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>From this moment the token is refused, as a revoked one is; null: it does not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
