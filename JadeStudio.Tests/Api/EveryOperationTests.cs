using System.Text.Json;
using System.Text.Json.Nodes;
using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>
/// Every operation the OpenAPI document describes, asked with values of the wrong kind in each of its path and query
/// parameters and with bodies of the wrong shape, by a caller holding every right: each answer is below 500, and each
/// refusal is problem+json with a code. The hand-written cases elsewhere say which code each refusal gets; this one
/// reaches the operations nobody wrote a case for, and the ones added later.
/// </summary>
public abstract partial class EveryOperationTests(JadeWebFactory app)
{
    private readonly ApiHarness _api = new(app);

    /// <summary>Values a parameter of any type may be sent: given twice (in a query), not a number, out of range, empty, encoded, far too long.</summary>
    private static readonly string[] WrongValues =
        ["", "1&{name}=2", "0", "-1", "99999999999999999999", "1.5", "1e3", "NaN", "Infinity", "-Infinity", "1e400", "0001-01-01", "9999-12-31T23:59:59-14:00", "abc", "%20", "%2F", "%25", "%C3%A9", "%FF", "..", new string('a', 3000)];

    /// <summary>Bodies of every shape but the one asked for: none, not JSON, JSON of another kind, numbers beyond range, nested too deep.</summary>
    private static readonly string[] WrongBodies =
        ["", "null", "[]", "{}", "\"x\"", "1e999", "{\"a\":", "{\"id\":99999999999999999999,\"name\":1e999,\"wiki\":[],\"facet\":{}}",
         new string('[', 300) + new string(']', 300), "\uFFFD\u0000"];

    /// <summary>What one field of an otherwise well-formed body may be: every JSON kind, numbers past every range, texts no store holds or far too long.</summary>
    private const string Marker = "wrong-value-here";

    private static readonly string[] WrongFieldValues =
        ["null", "\"\"", "\"   \"", "\"\\u0000\"", "\"\\ud800\"", "\"" + new string('x', 70_000) + "\"", "-1", "0", "2147483648", "99999999999999999999", "1e308", "-1.5", "\"NaN\"", "\"-Infinity\"",
         "true", "[]", "[null]", "[1]", "[\"\\u0000\"]", "[" + string.Join(',', Enumerable.Repeat("\"x\"", 5_000)) + "]", "{}", "{\"a\":{\"b\":[1]}}",
         "{\"damaging\":null}", "{\"damaging\":1}", "{\"damaging\":\"false\",\"damaging\":\"true\"}"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task No_operation_answers_a_wrong_value_or_body_with_a_server_error_or_without_a_problem(bool signedIn)
    {
        var caller = await CallerAsync();
        // Anonymous callers meet the refusals before the checks (no right), every right meets the checks themselves.
        var token = signedIn ? caller.Token : null;
        var client = app.CreateClient();
        var document = await ApiHarness.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var failures = new List<string>();
        var asked = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = Parameters(path.Name, path.Value, operation.Value);
                string Address(string? fuzzed, string? value, bool othersGiven = false)
                {
                    var address = path.Name;
                    value = value?.Replace("{name}", fuzzed, StringComparison.Ordinal);
                    foreach (var (name, _) in parameters.Where(p => p.In == "path"))
                    {
                        address = address.Replace("{" + name + "}", name == fuzzed ? value : ValidPathValue(path.Name, name, caller), StringComparison.Ordinal);
                    }
                    var query = parameters.Where(p => p.In == "query" && (p.Name == fuzzed || othersGiven))
                        .Select(p => p.Name + "=" + (p.Name == fuzzed ? value : ValidQueryValue(p.Name))).ToList();
                    return query.Count == 0 ? address : address + "?" + string.Join('&', query);
                }

                var requests = new List<Func<HttpRequestMessage>>();
                // Each wrong value alone, and (an operation may read a value only once another is given) with the other query parameters given.
                var queryCount = parameters.Count(p => p.In == "query");
                foreach (var (name, place) in parameters)
                {
                    foreach (var value in WrongValues)
                    {
                        requests.Add(() => ApiHarness.Request(method, Address(name, value), token, BodyFor(operation.Value)));
                        if (place == "query" && queryCount > 1)
                        {
                            requests.Add(() => ApiHarness.Request(method, Address(name, value, othersGiven: true), token, BodyFor(operation.Value)));
                        }
                    }
                }
                foreach (var contentType in ContentTypes(operation.Value))
                {
                    foreach (var body in WrongBodies)
                    {
                        requests.Add(() => ApiHarness.Request(method, Address(null, null), token, body, contentType));
                    }
                }
                foreach (var (contentType, schema) in JsonBodySchemas(operation.Value))
                {
                    var valid = ValidValue(schema, document, name: null, depth: 0, caller.Other).AsObject();
                    requests.Add(() => ApiHarness.Request(method, Address(null, null), token, valid.ToJsonString(), contentType));
                    foreach (var property in valid.Select(p => p.Key).ToList())
                    {
                        // The wrong value written into the text as it is: a lone surrogate is not a value System.Text.Json writes.
                        var body = valid.DeepClone().AsObject();
                        body[property] = Marker;
                        var text = body.ToJsonString();
                        foreach (var wrong in WrongFieldValues)
                        {
                            requests.Add(() => ApiHarness.Request(method, Address(null, null), token, text.Replace("\"" + Marker + "\"", wrong, StringComparison.Ordinal), contentType));
                        }
                    }
                }
                foreach (var request in requests)
                {
                    using var message = request();
                    var shown = $"{message.Method} {Shorten(message.RequestUri!.OriginalString)}" + (message.Content is null ? "" : $" [{Shorten(await message.Content.ReadAsStringAsync())}]");
                    using var response = await client.SendAsync(message);
                    asked++;
                    var status = (int)response.StatusCode;
                    if (status >= 500)
                    {
                        failures.Add($"{shown}: {status}");
                    }
                    else if (status >= 400 && !await IsProblemWithCodeAsync(response))
                    {
                        failures.Add($"{shown}: {status} {response.Content.Headers.ContentType?.MediaType ?? "(no content type)"}");
                    }
                    else if (status >= 400 && InternalNames().Match(await response.Content.ReadAsStringAsync()) is { Success: true } named)
                    {
                        // A caller is told what was wrong in their words (a field, a kind of value), not in the server's types.
                        failures.Add($"{shown}: {status} names '{named.Value}'");
                    }
                }
            }
        }

        Assert.True(asked > 1000, $"Only {asked} requests were made: the OpenAPI document lists fewer operations than expected.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} answers failed:\n" + string.Join('\n', failures.Take(60)));
    }

    [Fact]
    public async Task No_operation_takes_a_text_longer_or_a_list_longer_than_its_limit()
    {
        var caller = await CallerAsync();
        var client = app.CreateClient();
        var document = await ApiHarness.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        // Longer than the longest text anything takes (a campaign's instructions, 20,000), short of the body limit.
        var padding = new string('x', 30_000);
        var taken = new List<string>();
        var baselines = new List<string>();
        var asked = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch"))
            {
                var address = ValidAddress(path, operation.Value, caller);
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                foreach (var (contentType, schema) in JsonBodySchemas(operation.Value))
                {
                    // What is asked without the long value must be taken, or its refusal would prove nothing: flags off
                    // (a partial block, a filter disabled) and each text its own (a name not yet taken).
                    var valid = ValidValue(schema, document, name: null, depth: 0, caller.Other).AsObject();
                    foreach (var (property, value) in valid.ToList())
                    {
                        if (value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True)
                        {
                            valid[property] = false;
                        }
                    }
                    JsonObject Unique(JsonObject body)
                    {
                        foreach (var (property, value) in body.ToList())
                        {
                            if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() == "Fuzzed text")
                            {
                                body[property] = ApiHarness.Unique("Fuzzed text");
                            }
                        }
                        return body;
                    }
                    using (var baseline = await client.SendAsync(ApiHarness.Request(method, address, caller.Token, Unique(valid.DeepClone().AsObject()).ToJsonString(), contentType)))
                    {
                        if (!baseline.IsSuccessStatusCode)
                        {
                            continue;
                        }
                        baselines.Add($"{method} {path.Name}");
                    }
                    foreach (var (property, value) in valid.ToList())
                    {
                        // A valid text made long (a URL stays a URL); a list of valid texts with one made long, or of many.
                        JsonNode[] wrongs = value switch
                        {
                            JsonValue text when text.GetValueKind() == JsonValueKind.String => [JsonValue.Create(text.GetValue<string>() + padding)],
                            JsonArray list when list.FirstOrDefault()?.GetValueKind() == JsonValueKind.String =>
                                [new JsonArray(JsonValue.Create(list[0]!.GetValue<string>() + padding)),
                                 new JsonArray(Enumerable.Range(0, 3_000).Select(i => (JsonNode?)JsonValue.Create(Numbered(list[0]!.GetValue<string>(), i))).ToArray())],
                            _ => [],
                        };
                        foreach (var wrong in wrongs)
                        {
                            var body = Unique(valid.DeepClone().AsObject());
                            body[property] = wrong;
                            using var response = await client.SendAsync(ApiHarness.Request(method, address, caller.Token, body.ToJsonString(), contentType));
                            asked++;
                            if ((int)response.StatusCode is < 400 or >= 500)
                            {
                                taken.Add($"{method} {path.Name} {property} ({(wrong is JsonArray { Count: > 1 } ? "3,000 entries" : "30,000 characters")}): {(int)response.StatusCode}");
                            }
                        }
                    }
                }
            }
        }

        // Campaigns, their changes, abuse filters, blocks, group changes, judgments, threads and comments at least.
        Assert.True(baselines.Count >= 10, "Too few writes were taken without a long value:\n" + string.Join('\n', baselines));
        Assert.True(taken.Count == 0, $"{taken.Count} of {asked} long values were taken:\n" + string.Join('\n', taken));
    }

    [Fact]
    public async Task A_body_of_a_type_no_operation_reads_is_refused_with_the_types_its_document_lists()
    {
        var caller = await CallerAsync();
        var client = app.CreateClient();
        var document = await ApiHarness.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var wrong = new List<string>();
        var asked = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => ContentTypes(o.Value).Any()))
            {
                var address = ValidAddress(path, operation.Value, caller);
                using var response = await client.SendAsync(ApiHarness.Request(new HttpMethod(operation.Name.ToUpperInvariant()), address, caller.Token, "%PDF-1.7", "application/pdf"));
                asked++;
                var documented = ContentTypes(operation.Value).ToList();
                var accepted = (int)response.StatusCode == 415 && await IsProblemWithCodeAsync(response)
                    ? (await ApiHarness.JsonAsync(response)).GetProperty("accepted").EnumerateArray().Select(t => t.GetString()!).ToList()
                    : null;
                if (accepted is null || !accepted.Order().SequenceEqual(documented.Order()))
                {
                    wrong.Add($"{operation.Name.ToUpperInvariant()} {path.Name}: {(int)response.StatusCode}, accepted {(accepted is null ? "(none)" : string.Join(", ", accepted))}; documented {string.Join(", ", documented)}");
                }
            }
        }

        Assert.True(asked > 20, $"Only {asked} operations take a body: the OpenAPI document lists fewer than expected.");
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>The i-th of many distinct entries like the valid one: an artifact of another revision, a text with a number.</summary>
    private static string Numbered(string entry, int i) =>
        entry.StartsWith("enwiki/diff/", StringComparison.Ordinal) ? $"enwiki/diff/{4242 + i}" : $"{entry}{i}";

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API_alone()
    {
        var document = await ApiHarness.JsonAsync(await app.CreateClient().GetAsync("/openapi/v1.json"));

        // The /dumps page's cookie downloads and the sign-in forms are endpoints too, but not the API's.
        Assert.All(document.GetProperty("paths").EnumerateObject(), path => Assert.StartsWith("/api/v1/", path.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"description":"Spam","words":["buy now"],"wikis":[null],"action":"warn"}""")]
    [InlineData("""{"description":"Spam","words":[null],"action":"warn"}""")]
    [InlineData("""{"description":"Spam","words":["buy now"],"texts":[1],"action":"warn"}""")]
    public async Task A_list_entry_that_is_not_a_text_is_a_bad_request_and_saves_nothing(string body)
    {
        var token = (await CallerAsync()).Token;
        var client = app.CreateClient();
        var before = (await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/abusefilters"))).GetArrayLength();

        var response = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/abusefilters", token, body));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("badrequest", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
        Assert.Equal(before, (await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/abusefilters"))).GetArrayLength());
    }

    [Fact]
    public async Task The_same_write_sent_by_sixty_four_clients_at_once_gets_no_server_error()
    {
        var caller = await CallerAsync();
        var client = app.CreateClient();
        var document = await ApiHarness.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var failures = new List<string>();
        var asked = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put" or "patch" or "delete"))
            {
                var address = ValidAddress(path, operation.Value, caller);
                var body = JsonBodySchemas(operation.Value).Select(b => ValidValue(b.Schema, document, name: null, depth: 0, caller.Other).ToJsonString()).FirstOrDefault();
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                // Creating the same proposal, campaign, thread or block by 64 clients at once (the bar the API is held to): one may win, the others are refused.
                var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
                {
                    using var response = await client.SendAsync(ApiHarness.Request(method, address, caller.Token, body));
                    return (int)response.StatusCode;
                }));
                asked += answers.Length;
                failures.AddRange(answers.Where(status => status >= 500).Distinct().Select(status => $"{method} {address}: {answers.Count(a => a == status)} × {status}"));
            }
        }

        Assert.True(asked > 300, $"Only {asked} requests were made: the OpenAPI document lists fewer writes than expected.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>
    /// The caller: a user in every group but bot's, with a token of every right they hold, and what valid addresses and
    /// bodies name — their proposal, another user (whose groups are changed, who is blocked), and a spare token of theirs
    /// (revoked, where revoking the caller's own would leave every later request unauthorised).
    /// </summary>
    private sealed record Caller(string Token, long UserId, long Proposal, long Other, long SpareToken);

    private async Task<Caller> CallerAsync()
    {
        var user = await _api.UserAsync(ApiHarness.Unique("Everything"), "autoconfirmed", "researcher", "sysop", "oversight", "bureaucrat");
        var token = await _api.TokenAsync(user, Enum.GetValues<Right>().Where(r => r != Right.Bot).ToArray());
        await _api.TokenAsync(user, Right.Judge);
        var spare = (await app.Services.GetRequiredService<ApiTokenService>().ListAsync(user)).Max(t => t.Id);
        var proposal = await _api.ProposeAsync(user, new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId()), damaging: true);
        return new(token, user, proposal, await _api.UserAsync(ApiHarness.Unique("Other")), spare);
    }

    /// <summary>The JSON schemas of the operation's body, by media type.</summary>
    private static IEnumerable<(string ContentType, JsonElement Schema)> JsonBodySchemas(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Where(c => c.Name == "application/json" && c.Value.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out _))
                .Select(c => (c.Name, c.Value.GetProperty("schema"))).ToList()
            : [];

    /// <summary>
    /// A value the schema accepts, with the app's own names where a field names something (a wiki, a facet, a level), so
    /// that a body gets past its first checks and each wrong field is met where that field is read.
    /// </summary>
    private static JsonNode ValidValue(JsonElement schema, JsonElement document, string? name, int depth, long other)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var resolved = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            if (!resolved.TryGetProperty("type", out _) && !resolved.TryGetProperty("properties", out _))
            {
                // Free JSON (labeldata, the answers): a facet's labels.
                return new JsonObject { ["damaging"] = false, ["goodfaith"] = true };
            }
            return ValidValue(resolved, document, name, depth + 1, other);
        }
        var type = !schema.TryGetProperty("type", out var kind) ? "object"
            : kind.ValueKind == JsonValueKind.Array ? kind.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null")
            : kind.GetString()!;
        return type switch
        {
            "object" when schema.TryGetProperty("properties", out var properties) && depth < 5 =>
                new JsonObject(properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, (JsonNode?)ValidValue(p.Value, document, p.Name, depth + 1, other)))),
            "object" => new JsonObject { ["damaging"] = "false" },
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? ValidValue(items, document, name, depth + 1, other) : JsonValue.Create("x")),
            // A user named in a body (blocked, rolled back) is another than the caller, who would otherwise block themselves.
            "integer" when name == "user" => JsonValue.Create(other),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(0.5),
            "boolean" => JsonValue.Create(true),
            // A range that holds today, an expiry after it.
            _ when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" => JsonValue.Create(name == "from" ? "2020-01-01T00:00:00Z" : "2100-01-01T00:00:00Z"),
            _ => JsonValue.Create(name switch
            {
                "wiki" or "wikis" => "enwiki",
                "facet" or "form" => "editquality",
                "view" => "diff",
                "kind" => "proposal",
                "field" => "text",
                "level" => "deleted",
                "artifacts" => "enwiki/diff/4242",
                "sql" => "SELECT 1",
                "action" => "warn",
                "texts" => "comment",
                "subject" => "artifact",
                "actions" => "judge",
                "add" or "remove" => "researcher",
                "exemptRight" => "judge",
                "infoUrl" => "https://meta.wikimedia.org/wiki/Research",
                _ => "Fuzzed text",
            }),
        };
    }

    /// <summary>A value each query parameter is given while another one is the wrong one (a wrong value here only makes the request end sooner).</summary>
    private static string ValidQueryValue(string name) => name switch
    {
        "q" => "judgment",
        "wiki" => "enwiki",
        "artifact" => "enwiki/diff/4242",
        "since" or "from" => "2026-11-01T00:00:00Z",
        "to" => "2026-12-31T00:00:00Z",
        "model" => "damaging",
        "source" => "preferred",
        "threshold" => "0.5",
        "query" => "maximum recall @ precision >= 0.9",
        "kinds" => "judgment",
        "experience" => "newcomer",
        "days" => "30",
        "limit" => "50",
        "incomplete" or "hidebots" => "true",
        _ => "1",
    };

    /// <summary>The operation's address with a valid value in each path parameter.</summary>
    private static string ValidAddress(JsonProperty path, JsonElement operation, Caller caller) =>
        Parameters(path.Name, path.Value, operation).Where(p => p.In == "path")
            .Aggregate(path.Name, (address, parameter) => address.Replace("{" + parameter.Name + "}", ValidPathValue(path.Name, parameter.Name, caller), StringComparison.Ordinal));

    private static string ValidPathValue(string path, string name, Caller caller) => (name switch
    {
        "wiki" => (object)"enwiki",
        "type" => "diff",
        "revId" => 4242,
        "user" => caller.UserId,
        "kind" => "delete",
        "name" => "jadestudio-public.json.gz",
        _ when path.StartsWith("/api/v1/users/", StringComparison.Ordinal) => caller.Other,
        _ when path.StartsWith("/api/v1/tokens/", StringComparison.Ordinal) => caller.SpareToken,
        _ => caller.Proposal,
    }).ToString()!;

    private static List<(string Name, string In)> Parameters(string address, JsonElement path, JsonElement operation) =>
        new[] { path, operation }
            .Where(e => e.TryGetProperty("parameters", out _))
            .SelectMany(e => e.GetProperty("parameters").EnumerateArray())
            .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!))
            .Where(p => p.Item2 is "path" or "query")
            .Distinct()
            .ToList();

    /// <summary>The media types the operation's body is documented in; none when it takes no body.</summary>
    private static IEnumerable<string> ContentTypes(JsonElement operation) =>
        operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
            ? content.EnumerateObject().Select(c => c.Name).ToList()
            : [];

    /// <summary>While a parameter is fuzzed, an operation that takes a body gets an empty JSON object, so the parameter is what is wrong.</summary>
    private static string? BodyFor(JsonElement operation) => ContentTypes(operation).Any() ? "{}" : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:System|JadeStudio|Microsoft)\.[A-Za-z.`\[\]0-9]+|\.NET")]
    private static partial System.Text.RegularExpressions.Regex InternalNames();

    private static async Task<bool> IsProblemWithCodeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return problem.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String && code.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A body or address as the failure shows it: whole up to 500 characters (a body with its wrong field), cut after.</summary>
    private static string Shorten(string text) => text.Length <= 500 ? text : text[..200] + $"… ({text.Length} characters)";
}

public sealed class EveryOperationDevelopmentTests(EveryOperationDevelopmentTests.Factory app) : EveryOperationTests(app), IClassFixture<EveryOperationDevelopmentTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "1000000" });
}

public sealed class EveryOperationProductionTests(EveryOperationProductionTests.Factory app) : EveryOperationTests(app), IClassFixture<EveryOperationProductionTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "1000000" });
}
