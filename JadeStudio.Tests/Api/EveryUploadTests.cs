using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>
/// Every kind of upload (task lists as JSON lines, CSV, TSV and plain ids; score files as CSV and ORES's JSON) with one
/// line of a wrong kind between good ones: never a server error; a refusal is problem+json with a code, names the line
/// where it found the fault and stores none of the file; a file taken is taken whole.
/// </summary>
public sealed class EveryUploadTests(EveryUploadTests.Factory app) : IClassFixture<EveryUploadTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Production", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "100000" });

    private readonly ApiHarness _api = new(app);
    private readonly HttpClient _client = app.CreateClient();

    /// <summary>
    /// Lines that are odd but mean what they say, so a file holding them is taken: ORES answers without versions when its
    /// models are left out and with no wiki when asked for none, and an escaped lone surrogate stays escaped in the stored data.
    /// </summary>
    private static readonly HashSet<string> TakenAsWritten = new(StringComparer.Ordinal)
    {
        "no version", "no wiki", "lone surrogate in a field",
    };

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    /// <summary>Lines no upload should take as they stand, as bytes (some are not UTF-8).</summary>
    private static IEnumerable<(string Name, byte[] Line)> WrongJsonLines(long id) =>
    [
        ("id a text", Utf8("""{"rev_id": "abc"}""")),
        ("id negative", Utf8("""{"rev_id": -1}""")),
        ("id zero", Utf8("""{"rev_id": 0}""")),
        ("id a fraction", Utf8("""{"rev_id": 1.5}""")),
        ("id beyond 64 bits", Utf8("""{"rev_id": 99999999999999999999}""")),
        ("id null", Utf8("""{"rev_id": null}""")),
        ("id true", Utf8("""{"rev_id": true}""")),
        ("id an object", Utf8("""{"rev_id": {"n": 1}}""")),
        ("no id", Utf8("{}")),
        ("a list", Utf8($"[{id}]")),
        ("a bare number", Utf8($"{id}")),
        ("null", Utf8("null")),
        ("id twice", Utf8($$"""{"rev_id": {{id}}, "rev_id": {{id + 1}}}""")),
        ("NUL escaped in a field", Utf8($$"""{"rev_id": {{id}}, "note": "a\u0000b"}""")),
        ("lone surrogate in a field", Utf8($$"""{"rev_id": {{id}}, "note": "\ud800"}""")),
        ("cut short", Utf8($$"""{"rev_id": {{id}}""")),
        ("a brace too many", Utf8("{\"rev_id\": " + id + "}}")),
        ("text after the object", Utf8($$"""{"rev_id": {{id}}} and more""")),
        ("nested 200 deep", Utf8($$"""{"rev_id": {{id}}, "note": {{new string('[', 200)}}{{new string(']', 200)}}}""")),
        ("not UTF-8", Join(Utf8($$"""{"rev_id": {{id}}, "note": " """), [0xFF, 0xFE, 0xC3], Utf8("\"}"))),
        ("a raw NUL", Join(Utf8($$"""{"rev_id": {{id}}, "note": "a"""), [0x00], Utf8("\"}"))),
    ];

    private static IEnumerable<(string Name, byte[] Line)> WrongCsvCells(long id, char separator) =>
        new (string Name, string Line)[]
        {
            ("id a text", "abc{0}x"),
            ("id negative", "-1{0}x"),
            ("id zero", "0{0}x"),
            ("id a fraction", "1.5{0}x"),
            ("id beyond 64 bits", "99999999999999999999{0}x"),
            ("no id", "{0}x"),
            ("a quote never closed", id + "{0}\"never closed"),
            ("a cell too many", id + "{0}x{0}y"),
            ("a raw NUL", id + "{0}a\0b"),
        }
        .Select(c => (c.Name, Utf8(string.Format(System.Globalization.CultureInfo.InvariantCulture, c.Line, separator))))
        .Append(("not UTF-8", Join(Utf8(id + separator.ToString()), [0xFF, 0xFE, 0xC3])));

    private static IEnumerable<(string Name, byte[] Line)> WrongScoreRows(long id) =>
        new (string Name, string Line)[]
        {
            ("prediction not yes or no", $"{id},damaging,1,maybe,0.5"),
            ("probability above 1", $"{id},damaging,1,true,1.5"),
            ("probability below 0", $"{id},damaging,1,true,-0.1"),
            ("probability NaN", $"{id},damaging,1,true,NaN"),
            ("probability infinite", $"{id},damaging,1,true,Infinity"),
            ("probability beyond double", $"{id},damaging,1,true,1e400"),
            ("probability missing", $"{id},damaging,1,true,"),
            ("id a text", "abc,damaging,1,true,0.5"),
            ("id negative", "-5,damaging,1,true,0.5"),
            ("no model", $"{id},,1,true,0.5"),
            ("no version", $"{id},damaging,,true,0.5"),
            ("a NUL in the model", $"{id},dam\0aging,1,true,0.5"),
            ("a model of 70,000 characters", $"{id},{new string('m', 70_000)},1,true,0.5"),
            ("a cell too many", $"{id},damaging,1,true,0.5,extra"),
            ("a quote never closed", $"{id},\"damaging,1,true,0.5"),
        }
        .Select(c => (c.Name, Utf8(c.Line)))
        .Append(("not UTF-8", Join(Utf8($"{id},"), [0xFF, 0xFE], Utf8(",1,true,0.5"))));

    private static IEnumerable<(string Name, byte[] Line)> WrongOresLines(long id) =>
        new (string Name, string Line)[]
        {
            ("no wiki", "{}"),
            ("a list", "[]"),
            ("the wiki null", """{"enwiki": null}"""),
            ("scores null", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": null}}"""),
            ("an id that is no number", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"abc": {"damaging": {"score": {"prediction": true, "probability": {"true": 0.8, "false": 0.2}}}}}}}"""),
            ("a probability that is a text", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": true, "probability": {"true": "high", "false": 0.2}}}}}}}""".ForRevision(id)),
            ("a probability above 1", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": true, "probability": {"true": 7, "false": 0.2}}}}}}}""".ForRevision(id)),
            ("a prediction not among the classes", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": "maybe", "probability": {"true": 0.8, "false": 0.2}}}}}}}""".ForRevision(id)),
            ("a prediction that is a number", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": 1, "probability": {"true": 0.8, "false": 0.2}}}}}}}""".ForRevision(id)),
            ("a score that is null", """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": null}}}}}""".ForRevision(id)),
            ("another wiki", """{"cswiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": true, "probability": {"true": 0.8, "false": 0.2}}}}}}}""".ForRevision(id)),
            ("cut short", """{"enwiki": {"models": """),
        }
        .Select(c => (c.Name, Utf8(c.Line)));

    private static string OresLine(long id) =>
        """{"enwiki": {"models": {"damaging": {"version": "1"}}, "scores": {"REV": {"damaging": {"score": {"prediction": true, "probability": {"true": 0.8, "false": 0.2}}}}}}}""".ForRevision(id);

    [Fact]
    public async Task A_wrong_line_in_a_task_list_is_named_by_its_number_and_nothing_of_the_file_is_stored()
    {
        var failures = new List<string>();
        var asked = 0;
        var next = 7_100_000_000L + Random.Shared.Next(1_000_000) * 100L;
        var formats = new UploadFormat[]
        {
            new("JSON lines", "application/x-ndjson", id => Utf8($$"""{"rev_id": {{id}}, "note": "fine"}"""), null, WrongJsonLines),
            new("CSV", "text/csv", id => Utf8($"{id},fine"), Utf8("rev_id,note"), id => WrongCsvCells(id, ',')),
            new("TSV", "text/tab-separated-values", id => Utf8($"{id}\tfine"), Utf8("rev_id\tnote"), id => WrongCsvCells(id, '\t')),
            new("plain ids", "text/plain", id => Utf8($"{id}"), null,
                id => new[] { "abc", "-1", "0", "1.5", "99999999999999999999", $"{id} {id + 1}", $"{id}\0" }.Select(line => (line.Replace("\0", "NUL", StringComparison.Ordinal), Utf8(line)))),
        };
        foreach (var format in formats)
        {
            foreach (var (name, wrong) in format.Wrong(next + 10_000 + asked))
            {
                var (campaign, token) = await CampaignAsync();
                var (first, last) = (next++, next++);
                var (lines, wrongLine) = FileWith(format, first, wrong, last);
                var response = await SendAsync($"/api/v1/campaigns/{campaign}/tasks", token, format.ContentType, lines);
                asked++;
                var tasks = (await ApiHarness.JsonAsync(await _client.GetAsync($"/api/v1/campaigns/{campaign}"))).GetProperty("tasks").GetInt32();
                if (await CheckAsync(response, wrongLine, stored: tasks, whole: 3, TakenAsWritten.Contains(name)) is { } fault)
                {
                    failures.Add($"{format.Name}, {name}: {fault}");
                }
            }
        }

        Assert.True(asked > 40, $"Only {asked} uploads were tried.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} uploads went wrong:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task A_wrong_line_in_a_score_file_is_named_by_its_number_and_nothing_of_the_file_is_stored()
    {
        var failures = new List<string>();
        var asked = 0;
        var token = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Scorer"), "researcher"), Right.UploadArtifacts);
        var next = 7_200_000_000L + Random.Shared.Next(1_000_000) * 100L;
        var formats = new UploadFormat[]
        {
            new("CSV", "text/csv", id => Utf8($"{id},damaging,1,true,0.83"), Utf8("rev_id,model,version,prediction,probability"), WrongScoreRows),
            new("ORES lines", "application/x-ndjson", id => Utf8(OresLine(id)), null, WrongOresLines),
        };
        foreach (var format in formats)
        {
            foreach (var (name, wrong) in format.Wrong(next + 10_000 + asked))
            {
                var (first, last) = (next++, next++);
                var (lines, wrongLine) = FileWith(format, first, wrong, last);
                var response = await SendAsync("/api/v1/wikis/enwiki/scores", token, format.ContentType, lines);
                asked++;
                var stored = 0;
                foreach (var id in new[] { first, last })
                {
                    var scores = await ApiHarness.JsonAsync(await _client.GetAsync($"/api/v1/artifacts/enwiki/diff/{id}/scores"));
                    stored += Count(scores);
                }
                if (await CheckAsync(response, wrongLine, stored, whole: 2, TakenAsWritten.Contains(name)) is { } fault)
                {
                    failures.Add($"{format.Name}, {name}: {fault}");
                }
            }
        }

        Assert.True(asked > 25, $"Only {asked} uploads were tried.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {asked} uploads went wrong:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task An_uploads_mode_is_taken_by_its_short_name_or_by_the_name_its_report_gives_it_and_no_other()
    {
        var (campaign, token) = await CampaignAsync();
        var scorer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Scorer"), "researcher"), Right.UploadArtifacts);
        var next = 7_400_000_000L + Random.Shared.Next(1_000_000) * 100L;
        foreach (var (mode, reported) in new[] { ("", "allOrNothing"), ("all", "allOrNothing"), ("allOrNothing", "allOrNothing"), ("valid", "validLinesOnly"), ("validLinesOnly", "validLinesOnly") })
        {
            var query = mode.Length > 0 ? "?mode=" + mode : "";
            var tasks = await SendAsync($"/api/v1/campaigns/{campaign}/tasks{query}", token, "text/plain", [Utf8($"{next++}")]);
            var scores = await SendAsync($"/api/v1/wikis/enwiki/scores{query}", scorer, "text/csv", [Utf8("rev_id,model,version,prediction,probability"), Utf8($"{next++},damaging,1,true,0.83")]);
            foreach (var answer in new[] { tasks, scores })
            {
                Assert.True(answer.IsSuccessStatusCode, $"mode '{mode}': {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
                Assert.Equal(reported, (await ApiHarness.JsonAsync(answer)).GetProperty("mode").GetString());
            }
        }
        foreach (var path in new[] { $"/api/v1/campaigns/{campaign}/tasks?mode=some", "/api/v1/wikis/enwiki/scores?mode=Valid" })
        {
            var scoring = path.Contains("scores", StringComparison.Ordinal);
            var refused = await SendAsync(path, scoring ? scorer : token, scoring ? "text/csv" : "text/plain", [Utf8($"{next++}")]);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("validLinesOnly", (await ApiHarness.JsonAsync(refused)).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Sixty_four_overlapping_uploads_at_once_get_no_server_error_and_store_each_task_and_score_once()
    {
        var (campaign, token) = await CampaignAsync();
        var scorer = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Scorer"), "researcher"), Right.UploadArtifacts);
        var first = 7_300_000_000L + Random.Shared.Next(1_000_000) * 100L;
        // 32 task lists and 32 score files, 64 clients: each file holds 40 of the same 55 revisions, in its own order, so
        // the uploads overlap in every store's rows.
        IEnumerable<long> Ids(int upload) => Enumerable.Range(0, 40).Select(i => first + (i + upload) % 55);

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).SelectMany(upload => new[]
        {
            SendAsync($"/api/v1/campaigns/{campaign}/tasks", token, "application/x-ndjson", Ids(upload).Select(id => Utf8("{\"rev_id\": " + id + "}"))),
            SendAsync("/api/v1/wikis/enwiki/scores", scorer, "text/csv",
                Ids(upload).Select(id => Utf8($"{id},damaging,1,true,0.{upload + 10}")).Prepend(Utf8("rev_id,model,version,prediction,probability"))),
        }));

        foreach (var answer in answers)
        {
            Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
        var tasks = (await ApiHarness.JsonAsync(await _client.GetAsync($"/api/v1/campaigns/{campaign}"))).GetProperty("tasks").GetInt32();
        Assert.Equal(55, tasks);
        var scores = 0;
        foreach (var id in Enumerable.Range(0, 55).Select(i => first + i))
        {
            scores += Count(await ApiHarness.JsonAsync(await _client.GetAsync($"/api/v1/artifacts/enwiki/diff/{id}/scores")));
        }
        Assert.Equal(55, scores);
    }

    /// <summary>A kind of upload: a good line for a revision, the header if it has one, and its wrong lines.</summary>
    private sealed record UploadFormat(string Name, string ContentType, Func<long, byte[]> Good, byte[]? Header, Func<long, IEnumerable<(string Name, byte[] Line)>> Wrong);

    /// <summary>The header if any, a good line, the wrong one and another good line; the wrong line's number, counted from 1.</summary>
    private static (List<byte[]> Lines, int WrongLine) FileWith(UploadFormat format, long first, byte[] wrong, long last)
    {
        List<byte[]> lines = format.Header is { } header ? [header] : [];
        lines.AddRange([format.Good(first), wrong, format.Good(last)]);
        return (lines, lines.Count - 1);
    }

    /// <summary>The scores an artifact's score list holds, whatever its envelope.</summary>
    private static int Count(JsonElement scores) => scores.ValueKind switch
    {
        JsonValueKind.Array => scores.GetArrayLength(),
        JsonValueKind.Object when scores.TryGetProperty("scores", out var list) && list.ValueKind == JsonValueKind.Array => list.GetArrayLength(),
        _ => throw new InvalidOperationException("Unexpected score list: " + scores),
    };

    /// <returns>What went wrong, or null: a refusal with a code naming the line and nothing stored, or the whole file taken.</returns>
    private static async Task<string?> CheckAsync(HttpResponseMessage response, int wrongLine, int stored, int whole, bool takenAsWritten)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status} {Shorten(body)}";
        }
        if (response.IsSuccessStatusCode)
        {
            // Taken: only a line the format reads as good, and then the file whole.
            return !takenAsWritten ? $"{status}: taken" : stored == whole ? null : $"{status}, but {stored} of {whole} stored";
        }
        if (stored != 0)
        {
            return $"{status}, yet {stored} stored";
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType}: {Shorten(body)}";
        }
        var problem = JsonDocument.Parse(body).RootElement;
        if (!problem.TryGetProperty("code", out var code) || code.GetString() is not { Length: > 0 })
        {
            return $"{status} without a code: {Shorten(body)}";
        }
        if (code.GetString() == "jade-importrejected")
        {
            var lines = problem.GetProperty("report").GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()).ToList();
            if (!lines.Contains(wrongLine))
            {
                return $"refused, naming lines {string.Join(", ", lines)} instead of {wrongLine}: {Shorten(body)}";
            }
        }
        return null;
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private async Task<HttpResponseMessage> SendAsync(string path, string token, string contentType, IEnumerable<byte[]> lines)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Join([.. lines.SelectMany(line => new[] { line, "\n"u8.ToArray() })])) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private async Task<(long Campaign, string Token)> CampaignAsync()
    {
        var researcher = await _api.UserAsync(ApiHarness.Unique("Uploader"), "researcher");
        var campaign = (await app.Services.GetRequiredService<CampaignService>().CreateAsync(ActorRef.User(researcher),
            new CampaignDraft("enwiki", ApiHarness.Unique("Upload campaign "), "editquality", CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        return (campaign.Id, await _api.TokenAsync(researcher, Right.UploadArtifacts));
    }
}

internal static class ScoreLineText
{
    /// <summary>An ORES line written for the revision REV, for this revision.</summary>
    public static string ForRevision(this string line, long id) => line.Replace("REV", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
