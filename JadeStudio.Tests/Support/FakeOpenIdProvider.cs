using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A small OpenID Connect provider on a loopback port: discovery document, JWKS with one RSA key, authorize
/// (code + PKCE), and a token endpoint answering an RS256-signed id_token. A test can make that token wrong
/// in one way at a time, to see the app refuse it.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "jadestudio-oidc-test";
    public const string ClientSecret = "oidc-secret";

    public enum Flaw
    {
        None,
        UnknownKey,
        WrongAudience,
        WrongNonce,
        Expired,
    }

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "published" };
    private readonly RsaSecurityKey _strangerKey = new(RSA.Create(2048)) { KeyId = "stranger" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge)> _codes = new();

    private FakeOpenIdProvider(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    public string Issuer => BaseAddress.ToString().TrimEnd('/');

    public Flaw Next { get; set; }

    public static async Task<FakeOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var provider = new FakeOpenIdProvider(builder.Build());
        provider.Map();
        await provider._app.StartAsync();
        provider.BaseAddress = new Uri(provider._app.Urls.First());
        return provider;
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["nonce"]))
            {
                return Results.BadRequest("bad authorization request");
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (query["nonce"]!, query["code_challenge"]!);
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"]!)}");
        });
        _app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            if (form["client_id"] != ClientId || !_codes.TryRemove(form["code"].ToString(), out var pending)
                || FakeOAuthServer.Challenge(form["code_verifier"].ToString()) != pending.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            var now = DateTime.UtcNow;
            var expired = Next == Flaw.Expired;
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Next == Flaw.WrongAudience ? "someone-else" : ClientId,
                IssuedAt = expired ? now.AddHours(-2) : now,
                NotBefore = expired ? now.AddHours(-2) : now.AddMinutes(-1),
                Expires = expired ? now.AddHours(-1) : now.AddMinutes(5),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "oidc-subject-77",
                    ["preferred_username"] = "Openid Reviewer",
                    ["nonce"] = Next == Flaw.WrongNonce ? "not-the-nonce" : pending.Nonce,
                    ["rights"] = new[] { "patrol", "autopatrol" },
                },
                SigningCredentials = new SigningCredentials(Next == Flaw.UnknownKey ? _strangerKey : _key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = "unused", token_type = "Bearer", expires_in = 300, id_token = token });
        });
    }

    public Dictionary<string, string?> AppSettings() => new()
    {
        ["JadeStudio:OAuth:ClientId"] = ClientId,
        ["JadeStudio:OAuth:ClientSecret"] = ClientSecret,
        ["JadeStudio:OAuth:Authority"] = Issuer,
        ["JadeStudio:OAuth:RequireHttpsMetadata"] = "false",
        ["JadeStudio:OAuth:Provider"] = "test-oidc",
        ["JadeStudio:OAuth:DisplayName"] = "Test OpenID",
        ["JadeStudio:OAuth:Claims:Name"] = "preferred_username",
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
