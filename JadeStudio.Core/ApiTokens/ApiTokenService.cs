using System.Security.Cryptography;
using System.Text;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Text;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.ApiTokens;

public sealed record ApiTokenInfo(long Id, string Name, string Prefix, IReadOnlyList<Right> Rights, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt = null);

/// <summary>A newly created token: the secret is in here and nowhere else, ever.</summary>
public sealed record CreatedApiToken(ApiTokenInfo Token, string Secret);

/// <summary>Who a bearer secret stands for.</summary>
public sealed record TokenIdentity(long TokenId, long UserId, IReadOnlySet<Right> Rights)
{
    public ActorRef Actor => new(UserId, Rights);
}

public sealed class ApiTokenService(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, TimeProvider clock)
{
    public const string SecretPrefix = "jade_";
    public const int MaxNameLength = 100;

    /// <summary>Creates a token for the actor with some of their own rights (right <c>apitokens</c>).</summary>
    /// <param name="expiresAt">When the token stops working; null (the default) for never.</param>
    public Task<Result<CreatedApiToken>> CreateAsync(ActorRef actor, string name, IReadOnlyCollection<Right> rights, CancellationToken cancellationToken = default, DateTimeOffset? expiresAt = null) =>
        writer.ExecuteAsync(async context =>
        {
            var who = await actors.RequireAsync(context.Db, actor, Right.ApiTokens, null, BlockTarget.Site, cancellationToken);
            if (expiresAt is { } until && until <= context.Now)
            {
                throw new JadeException(new JadeError.InvalidTokenExpiry());
            }
            return await MintAsync(context, who, name, rights, cancellationToken, expiresAt);
        }, cancellationToken);

    /// <summary>
    /// For operators without a browser: mints a token for a user by name, with rights that user
    /// currently has. Runs only where the caller can open the database file itself.
    /// </summary>
    /// <param name="acceptTerms">The operator records that the user accepts the redaction terms now (e.g. for a bot they run).</param>
    public Task<Result<CreatedApiToken>> CreateForOperatorAsync(string userName, IReadOnlyCollection<Right> rights, CancellationToken cancellationToken = default, bool acceptTerms = false) =>
        writer.ExecuteAsync(async context =>
        {
            // The name is read as a wiki reads it ("jane_doe" is "Jane doe"); an account stored exactly as written comes first.
            var forms = UserNames.StoredFormsOf(userName);
            var found = await context.Db.Users.Where(u => forms.Contains(u.Name)).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
            var matches = forms.Select(form => found.Where(u => u.Name == form).Select(u => u.Id).ToList()).FirstOrDefault(ids => ids.Count > 0) ?? [];
            if (matches.Count != 1)
            {
                throw new JadeException(new JadeError.EntityNotFound(matches.Count == 0 ? "user" : "user (ambiguous name)"));
            }
            var who = await actors.LoadAsync(context.Db, ActorRef.User(matches[0]), cancellationToken);
            if (acceptTerms && await Dumps.RedactionTerms.AcceptedAtAsync(context.Db, matches[0], cancellationToken) is null)
            {
                Dumps.RedactionTerms.Record(context, matches[0]);
                await context.Db.SaveChangesAsync(cancellationToken);
            }
            return await MintAsync(context, who, name: "operator-created", rights, cancellationToken);
        }, cancellationToken);

    public Task<Result<long>> RevokeAsync(ActorRef actor, long tokenId, CancellationToken cancellationToken = default) =>
        writer.ExecuteAsync(async context =>
        {
            var token = await context.Db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == actor.UserId, cancellationToken)
                ?? throw new JadeException(new JadeError.EntityNotFound("token"));
            if (token.RevokedAt is not null)
            {
                throw new JadeException(new JadeError.NoChange());
            }
            token.RevokedAt = context.Now;
            return token.Id;
        }, cancellationToken);

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(long userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        return tokens.OrderByDescending(t => t.CreatedAt).Select(Info).ToList();
    }

    // Every API call with a token runs this: compiled once per model, not translated again per request.
    private static readonly CompiledPerModel<Func<JadeDbContext, string, CancellationToken, Task<ApiToken?>>> TokenByHash =
        new(() => EF.CompileAsyncQuery((JadeDbContext db, string hash, CancellationToken _) => db.ApiTokens.AsNoTracking().SingleOrDefault(t => t.Hash == hash)));

    /// <summary>Whether a token authenticated before still holds (not revoked, not expired): a long request asks again.</summary>
    public async Task<bool> StillHoldsAsync(long tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        return token is not null && token.IsUsableAt(clock.GetUtcNow());
    }

    /// <summary>The identity behind a secret, or null for an unknown or revoked one. Never says which.</summary>
    public async Task<TokenIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }
        var hash = HashOf(secret);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await TokenByHash.For(db)(db, hash, cancellationToken);
        if (token is null || !token.IsUsableAt(clock.GetUtcNow()))
        {
            return null;
        }
        // Last use is bookkeeping (no event), kept coarse so reads rarely queue a write; still via the one writer.
        if (token.LastUsedAt is null || clock.GetUtcNow() - token.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            await writer.ExecuteAsync(async context =>
            {
                var tracked = await context.Db.ApiTokens.SingleAsync(t => t.Id == token.Id, cancellationToken);
                tracked.LastUsedAt = context.Now;
                return true;
            }, cancellationToken);
        }
        return new TokenIdentity(token.Id, token.UserId, ParseRights(token.Rights));
    }

    private static async Task<CreatedApiToken> MintAsync(CommandContext context, Actor who, string name, IReadOnlyCollection<Right> rights, CancellationToken cancellationToken,
        DateTimeOffset? expiresAt = null)
    {
        var trimmed = TextField.Required(name, "name", MaxNameLength);
        if (rights.Count == 0)
        {
            throw new JadeException(new JadeError.InvalidTokenRights(null));
        }
        if (await Dumps.RedactionTerms.AcceptedAtAsync(context.Db, who.UserId!.Value, cancellationToken) is null)
        {
            // Tokens read the feed and download dumps: their owner first agrees to drop what is redacted later.
            throw new JadeException(new JadeError.TermsNotAccepted());
        }
        var missing = rights.Where(r => !who.Has(r)).ToList();
        if (missing.Count > 0)
        {
            // A token never exceeds its owner's rights.
            throw new JadeException(new JadeError.InvalidTokenRights(missing[0]));
        }
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = who.UserId!.Value,
            Name = trimmed,
            Prefix = secret[..(SecretPrefix.Length + 6)],
            Hash = HashOf(secret),
            Rights = string.Join(' ', rights.Distinct().Select(Permissions.Rights.NameOf).Order(StringComparer.Ordinal)),
            CreatedAt = context.Now,
            ExpiresAt = expiresAt,
        };
        context.Db.ApiTokens.Add(token);
        await context.Db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(Info(token), secret);
    }

    private static ApiTokenInfo Info(ApiToken token) =>
        new(token.Id, token.Name, token.Prefix, ParseRights(token.Rights).Order().ToList(), token.CreatedAt, token.LastUsedAt, token.RevokedAt, token.ExpiresAt);

    private static HashSet<Right> ParseRights(string names) =>
        names.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Permissions.Rights.TryParse(n, out var r) ? r : (Right?)null).OfType<Right>().ToHashSet();

    public static string HashOf(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret))).ToLowerInvariant();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
