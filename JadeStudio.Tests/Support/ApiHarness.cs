using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Support;

/// <summary>Users, tokens, blocks and judgments made through the app's own services, for API tests.</summary>
public sealed class ApiHarness(JadeWebFactory app)
{
    private static int _unique;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _unique)}";

    public static long UniqueRevId() => 5_000_000 + Interlocked.Increment(ref _unique);

    public async Task<long> UserAsync(string name, params string[] groups) =>
        (await app.Services.GetRequiredService<UserDirectory>().RecordSignInAsync("test", name, name, groups)).Id;

    /// <summary>A token for the user, who accepts the redaction terms first (as the API tokens page has them do).</summary>
    public async Task<string> TokenAsync(long userId, params Right[] rights)
    {
        (await app.Services.GetRequiredService<JadeStudio.Core.Dumps.RedactionTerms>().AcceptAsync(ActorRef.User(userId))).OrThrow();
        return (await app.Services.GetRequiredService<ApiTokenService>().CreateAsync(ActorRef.User(userId), "test", rights)).OrThrow().Secret;
    }

    public async Task RevokeAllAsync(long userId)
    {
        var tokens = app.Services.GetRequiredService<ApiTokenService>();
        foreach (var token in await tokens.ListAsync(userId))
        {
            (await tokens.RevokeAsync(ActorRef.User(userId), token.Id)).OrThrow();
        }
    }

    public async Task BlockAsync(long userId, bool sitewide, string[]? wikis = null, BlockAction[]? actions = null)
    {
        var admin = await UserAsync(Unique("BlockAdmin"), "sysop");
        (await app.Services.GetRequiredService<BlockService>().BlockAsync(ActorRef.User(admin),
            new BlockRequest(userId, sitewide, wikis ?? [], [], actions ?? [], null, "api test block"))).OrThrow();
    }

    public async Task<long> ProposeAsync(long userId, ArtifactKey key, bool damaging, bool goodfaith = true) =>
        (await app.Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(userId),
            new ProposeRequest(key, "editquality", CoreHarness.EditQuality(damaging, goodfaith)))).OrThrow().ProposalId!.Value;

    public static HttpRequestMessage Request(HttpMethod method, string url, string? token = null, string? json = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return request;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The artifact's ETag: equal before and after means nothing changed on it.</summary>
    public static async Task<string> ArtifactETagAsync(HttpClient client, ArtifactKey key) =>
        (await client.GetAsync($"/api/v1/artifacts/{key}")).Headers.ETag!.Tag;
}
