using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A small OAuth 2.0 authorization server with MediaWiki's endpoints, on a loopback port, so sign-in
/// runs through ASP.NET Core's real OAuth handler: authorize (with PKCE), code exchange, profile.
/// </summary>
public sealed class FakeOAuthServer : IAsyncDisposable
{
    public const string ClientId = "jadestudio-test";
    public const string ClientSecret = "test-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly ConcurrentDictionary<string, bool> _tokens = new();

    public sealed class PendingCode
    {
        public required string Challenge { get; set; }
        public required string RedirectUri { get; init; }
    }

    private FakeOAuthServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The profile document the resource endpoint returns (MediaWiki's shape by default).</summary>
    public JsonObject Profile { get; set; } = (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.Fixture("mediawiki-oauth2-profile.json")))!;

    /// <summary>The user clicks "cancel" on the consent screen.</summary>
    public bool DenyConsent { get; set; }

    /// <summary>How long the token endpoint takes to answer.</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>Lets a test change a stored code before it is redeemed (e.g. another PKCE challenge).</summary>
    public Action<PendingCode>? Tamper { get; set; }

    public int TokenRequests { get; private set; }

    /// <summary>The User-Agent of each request the app's handler made itself (token, profile).</summary>
    public ConcurrentQueue<string> BackchannelUserAgents { get; } = new();

    public static async Task<FakeOAuthServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeOAuthServer(builder.Build());
        server.Map();
        await server._app.StartAsync();
        server.BaseAddress = new Uri(server._app.Urls.First());
        return server;
    }

    private void Map()
    {
        _app.MapGet("/w/rest.php/oauth2/authorize", (HttpContext context) =>
        {
            var query = context.Request.Query;
            var redirect = query["redirect_uri"].ToString();
            var state = query["state"].ToString();
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || string.IsNullOrEmpty(query["code_challenge"]))
            {
                return Results.BadRequest("bad authorization request");
            }
            if (DenyConsent)
            {
                return Results.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(state)}");
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var pending = new PendingCode { Challenge = query["code_challenge"]!, RedirectUri = redirect };
            Tamper?.Invoke(pending);
            _codes[code] = pending;
            return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
        });

        _app.MapPost("/w/rest.php/oauth2/access_token", async (HttpContext context) =>
        {
            TokenRequests++;
            BackchannelUserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            await Task.Delay(TokenDelay);
            var form = await context.Request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["grant_type"] != "authorization_code"
                || !_codes.TryRemove(form["code"].ToString(), out var pending) || pending.RedirectUri != form["redirect_uri"]
                || Challenge(form["code_verifier"].ToString()) != pending.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _tokens[token] = true;
            return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600 });
        });

        _app.MapGet("/w/rest.php/oauth2/resource/profile", (HttpContext context) =>
        {
            BackchannelUserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
            var header = context.Request.Headers.Authorization.ToString();
            return header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.ContainsKey(header[7..])
                ? Results.Content(Profile.ToJsonString(), "application/json")
                : Results.Unauthorized();
        });
    }

    /// <summary>PKCE S256: base64url(SHA-256(verifier)).</summary>
    public static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public Dictionary<string, string?> AppSettings(int timeoutSeconds = 5) => new()
    {
        ["JadeStudio:OAuth:ClientId"] = ClientId,
        ["JadeStudio:OAuth:ClientSecret"] = ClientSecret,
        ["JadeStudio:OAuth:Wiki"] = BaseAddress.ToString().TrimEnd('/'),
        ["JadeStudio:OAuth:DisplayName"] = "Test Wiki",
        ["JadeStudio:OAuth:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
