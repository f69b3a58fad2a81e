using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>
/// What a generated client or a contract test reads in /openapi/v1.json is what the API answers: every operation asked
/// as a tool would ask it (reads first, then writes, deletions last), and each answer's status, media type and JSON body
/// checked against the operation's documented responses (JSON Schema 2020-12, as OpenAPI 3.1 writes it).
/// </summary>
public abstract partial class EveryOperationTests
{
    [Fact]
    public async Task Every_operation_answers_as_the_document_says()
    {
        var caller = await CallerAsync();
        var client = app.CreateClient();
        var document = await ApiHarness.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        var definitions = Definitions(document);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path, Method: operation.Name, Operation: operation.Value)))
            .OrderBy(o => o.Method switch { "get" => 0, "delete" => 2, _ => 1 })
            .ToList();
        var failures = new List<string>();
        var succeeded = 0;
        var located = 0;
        foreach (var (path, method, operation) in operations)
        {
            var address = ValidAddress(path, operation, caller);
            var (contentType, body) = ValidBody(operation, document, caller);
            foreach (var token in new[] { caller.Token, null })
            {
                using var response = await client.SendAsync(ApiHarness.Request(new HttpMethod(method.ToUpperInvariant()), address, token, body, contentType ?? "application/json"));
                var status = (int)response.StatusCode;
                var shown = $"{method.ToUpperInvariant()} {address}{(token is null ? " (anonymous)" : "")}: {status}";
                var responses = operation.GetProperty("responses");
                if (!responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented)
                    && !responses.TryGetProperty("default", out documented))
                {
                    failures.Add($"{shown} is not documented");
                    continue;
                }
                if (status == 201 && token is not null && !Unaddressed.Contains(operation.GetProperty("operationId").GetString()!))
                {
                    // What was created says where it is read (RFC 9110 §15.3.2), and it is read there.
                    var location = response.Headers.Location?.OriginalString;
                    using var read = location is null ? null : await client.SendAsync(ApiHarness.Request(HttpMethod.Get, location, token));
                    if (read?.StatusCode != System.Net.HttpStatusCode.OK)
                    {
                        failures.Add($"{shown}: Location {location ?? "(none)"} answers {(read is null ? "-" : (int)read.StatusCode)}");
                    }
                    if (!(documented.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Location", out _)))
                    {
                        failures.Add($"{shown}: its Location is not documented");
                    }
                    located++;
                }
                var text = await response.Content.ReadAsStringAsync();
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (text.Length == 0)
                {
                    continue;
                }
                if (!documented.TryGetProperty("content", out var content) || mediaType is null || !content.TryGetProperty(mediaType, out var media))
                {
                    failures.Add($"{shown} answers {mediaType ?? "(no media type)"}, documented: {(documented.TryGetProperty("content", out var c) ? string.Join(", ", c.EnumerateObject().Select(m => m.Name)) : "no body")}");
                    continue;
                }
                if (status is >= 200 and < 300)
                {
                    succeeded++;
                }
                if (media.TryGetProperty("schema", out var schema) && mediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    using var answer = JsonDocument.Parse(text);
                    var result = Schema(schema, definitions).Evaluate(answer.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                    if (!result.IsValid)
                    {
                        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(3)
                            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
                        failures.Add($"{shown} does not fit its schema: {string.Join(" | ", errors)}");
                    }
                }
            }
        }

        // Most operations succeed for a caller with every right: the bodies the document describes were checked, not only refusals.
        Assert.True(succeeded >= 50, $"Only {succeeded} answers succeeded; the check saw too few bodies the document describes.\n" + string.Join('\n', failures));
        Assert.True(located >= 3, $"Only {located} creations were seen.");
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the document:\n" + string.Join('\n', failures));
    }

    /// <summary>Creations with no address of their own to read: an endorsement, a reply (read in its thread), a block, a rollback, an oversight request.</summary>
    private static readonly HashSet<string> Unaddressed = ["endorse", "replyToThread", "placeBlock", "rollBack", "requestOversight"];

    [Fact]
    public async Task The_document_names_each_operation_once_and_describes_its_refusals_and_tokens()
    {
        var document = await ApiHarness.JsonAsync(await app.CreateClient().GetAsync("/openapi/v1.json"));

        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _))
            .Select(o => (Method: o.Name, Path: path.Name, Operation: o.Value))).ToList();
        // HEAD is answered wherever GET is, but two operations with one operationId make the document invalid for generators.
        Assert.DoesNotContain(operations, o => o.Method == "head");
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(operations, o =>
        {
            var refusal = o.Operation.GetProperty("responses").GetProperty("default").GetProperty("content");
            Assert.Equal("#/components/schemas/Problem", refusal.GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            var security = o.Operation.GetProperty("security").EnumerateArray().Select(r => string.Join(",", r.EnumerateObject().Select(s => s.Name))).ToList();
            // A write needs a token; a read takes one and answers without.
            Assert.Equal(o.Method == "get" ? ["", "bearer"] : ["bearer"], security);
            // Each refusal names the codes it comes with, as the /api page lists them (the 409 of a write: jade-proposalexists, …).
            foreach (var response in o.Operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4') || r.Name.StartsWith('5')))
            {
                var description = response.Value.GetProperty("description").GetString()!;
                Assert.All(Web.Api.ApiErrorCodes.WithStatus(int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture)), code => Assert.Matches($@"[\s,]{System.Text.RegularExpressions.Regex.Escape(code)}[,\s]", description));
            }
        });
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        // Ids are numbers in both directions (a body with "5" for 5 is refused), and nothing that is written only when it has a value is required.
        var label = document.GetProperty("components").GetProperty("schemas").GetProperty("LabelBody");
        Assert.Equal("integer", label.GetProperty("properties").GetProperty("task").GetProperty("type").GetString());
        // The change lists read their filters from the query themselves (the pages' names): the document lists them all the same.
        var filters = document.GetProperty("paths").GetProperty("/api/v1/recentchanges").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Empty(JadeStudio.Core.Changes.ChangeFilter.ParameterNames.Except(filters));
        // Headers the handlers read themselves: an update's If-Match (412 when stale), a stream's Last-Event-ID.
        foreach (var id in new[] { "updateProposalNotes", "deleteProposal", "setPreference", "updateEndorsement", "deleteEndorsement", "editComment" })
        {
            var update = operations.Single(o => o.Operation.GetProperty("operationId").GetString() == id).Operation;
            Assert.Contains(update.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "If-Match" && p.GetProperty("in").GetString() == "header");
            Assert.True(update.GetProperty("responses").TryGetProperty("412", out _), id);
        }
        Assert.Contains(operations.Single(o => o.Operation.GetProperty("operationId").GetString() == "events").Operation.GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "Last-Event-ID");
        var thread = document.GetProperty("components").GetProperty("schemas").GetProperty("ThreadDto");
        Assert.DoesNotContain("resolvedBy", thread.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>A valid body for the operation: JSON the document describes, or a one-line upload; none when it takes none.</summary>
    private static (string? ContentType, string? Body) ValidBody(JsonElement operation, JsonElement document, Caller caller)
    {
        if (JsonBodySchemas(operation).FirstOrDefault() is { Schema.ValueKind: JsonValueKind.Object } json)
        {
            return (json.ContentType, ValidValue(json.Schema, document, name: null, depth: 0, caller.Other).ToJsonString());
        }
        return ContentTypes(operation).Contains("text/plain") ? ("text/plain", "4242\n") : (null, null);
    }

    /// <summary>The document's component schemas as one <c>$defs</c>, each reference pointing there.</summary>
    private static JsonObject Definitions(JsonElement document) =>
        (JsonObject)JsonNode.Parse(Rebase(document.GetProperty("components").GetProperty("schemas").GetRawText()))!;

    private static JsonSchema Schema(JsonElement schema, JsonObject definitions)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = definitions.DeepClone(),
            ["allOf"] = new JsonArray(JsonNode.Parse(Rebase(schema.GetRawText()))),
        };
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static string Rebase(string schema) => schema.Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
}
