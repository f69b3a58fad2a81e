using System.Net;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>Bad requests get their documented error and change nothing.</summary>
public sealed class BadInputTests : IClassFixture<BadInputTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?>
    {
        ["JadeStudio:Api:MaxBodyBytes"] = "2048",
        ["JadeStudio:Api:WritesPerWindow"] = "100000",
    });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public BadInputTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private const string Valid = """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}""";

    public static TheoryData<string, string, string, string, int, string> Cases() => new()
    {
        // name, path suffix (after /api/v1/artifacts/), content type, body, status, code
        { "malformed JSON", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":""", 400, "badrequest" },
        { "not an object", "enwiki/diff/{rev}/judgments", "application/json", """[1,2]""", 400, "badrequest" },
        { "wrong content type", "enwiki/diff/{rev}/judgments", "text/plain", Valid, 415, "badcontenttype" },
        { "form content type", "enwiki/diff/{rev}/judgments", "application/x-www-form-urlencoded", "facet=editquality", 415, "badcontenttype" },
        { "JSON said to be UTF-16", "enwiki/diff/{rev}/judgments", "application/json; charset=utf-16", Valid, 415, "badcontenttype" },
        { "JSON said to be Latin-1", "enwiki/diff/{rev}/judgments", "application/json; charset=iso-8859-1", Valid, 415, "badcontenttype" },
        { "oversized body", "enwiki/diff/{rev}/judgments", "application/json", "{\"facet\":\"editquality\",\"labeldata\":{\"damaging\":false,\"goodfaith\":true},\"notes\":\"" + new string('x', 4000) + "\"}", 413, "toolarge" },
        { "unknown field", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true},"colour":"red"}""", 400, "badrequest" },
        { "field given twice", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true},"facet":"editquality"}""", 400, "badrequest" },
        { "label given twice", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true,"damaging":true}}""", 400, "badrequest" },
        { "wrong type of field", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":5,"labeldata":{"damaging":false,"goodfaith":true}}""", 400, "badrequest" },
        { "missing required field", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality"}""", 400, "badrequest" },
        { "null facet", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":null,"labeldata":{"damaging":false,"goodfaith":true}}""", 400, "badrequest" },
        { "label of the wrong type", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":"no","goodfaith":true}}""", 422, "jade-invalid-labeldata" },
        { "unknown facet", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"vibes","labeldata":{}}""", 422, "jade-illegal-schema" },
        { "non-canonical id", "enwiki/diff/0{rev}/judgments", "application/json", Valid, 400, "jade-noncanonicalid" },
        { "upper-case wiki", "ENWIKI/diff/{rev}/judgments", "application/json", Valid, 400, "jade-noncanonicalid" },
        { "unknown wiki", "xxwiki/diff/{rev}/judgments", "application/json", Valid, 404, "jade-unknownwiki" },
        { "not a revision id", "enwiki/diff/abc/judgments", "application/json", Valid, 400, "jade-badartifactid" },
        // No store may hold U+0000 (PostgreSQL refuses it): refused the same on both, not a server error on one.
        { "NUL in the notes", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true},"notes":"fine\u0000edit"}""", 422, "jade-nulcharacter" },
        { "NUL in the comment", "enwiki/diff/{rev}/judgments", "application/json", """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true},"comment":"\u0000"}""", 422, "jade-nulcharacter" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_its_error_and_changes_nothing(string name, string path, string contentType, string body, int status, string code)
    {
        var user = await _api.UserAsync(ApiHarness.Unique("Bad"));
        var token = await _api.TokenAsync(user, Right.Judge);
        var rev = ApiHarness.UniqueRevId();
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, rev);
        var client = _app.CreateClient();
        var before = await ApiHarness.ArtifactETagAsync(client, key);

        var response = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, "/api/v1/artifacts/" + path.Replace("{rev}", rev.ToString(System.Globalization.CultureInfo.InvariantCulture)), token, body, contentType));

        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(code, (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
        Assert.Equal(before, await ApiHarness.ArtifactETagAsync(client, key));
        var events = await ApiHarness.JsonAsync(await client.GetAsync($"/api/v1/users/{user}/contributions"));
        Assert.Equal(0, events.GetProperty("events").GetArrayLength());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; Charset=\"UTF-8\"")]
    [InlineData("application/json; charset=utf8")]
    public async Task A_JSON_body_in_UTF_8_is_taken_however_its_type_is_written(string contentType)
    {
        var token = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Utf8")), Right.Judge);
        var rev = ApiHarness.UniqueRevId().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{rev}/judgments", token, Valid, contentType));

        Assert.True(response.IsSuccessStatusCode, $"{contentType}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("/api/v1/search?q=fine%00edit")]
    [InlineData("/api/v1/recentchanges?user=Alice%00")]
    [InlineData("/api/v1/events?wiki=enwiki%00")]
    public async Task An_address_holding_the_NUL_character_is_refused_as_a_text_no_store_holds(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("jade-nulcharacter", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_page_address_holding_the_NUL_character_is_a_bad_request_not_a_server_error()
    {
        var response = await _app.CreateClient().GetAsync("/search?q=fine%00edit");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/wikis/enwiki/artifacts?filter=-1")]
    [InlineData("/api/v1/wikis/enwiki/artifacts?filter=2")]
    [InlineData("/api/v1/events?type=1")]
    [InlineData("/api/v1/recentchanges?kinds=0")]
    public async Task A_number_where_a_name_is_asked_for_is_a_bad_request(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Where a page links to: what it lists (artifacts, log entries), without the markup around it, nor the sign-in link that names the address itself.</summary>
    private static async Task<List<string>> LinksAsync(HttpClient client, string path) =>
        [.. (await JadeWebFactory.GetPageAsync(client, path)).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).Where(href => !href.Contains("returnUrl=", StringComparison.Ordinal))];

    [Theory]
    [InlineData("/wikis/enwiki/artifacts", "?filter=-1&sort=7")]
    [InlineData("/abusefilter/log", "?filter=not-a-number")]
    public async Task A_page_given_a_value_its_address_cannot_hold_shows_its_default(string path, string badQuery)
    {
        var client = _app.CreateClient();

        Assert.Equal(await LinksAsync(client, path), await LinksAsync(client, path + badQuery));
    }

    [Fact]
    public async Task The_watchlist_given_a_value_its_address_cannot_hold_shows_its_default()
    {
        var client = _app.CreateBrowserLikeClient();
        await JadeWebFactory.SignInAsync(client, "reviewer");

        Assert.Equal(await LinksAsync(client, "/watchlist"), await LinksAsync(client, "/watchlist?own=perhaps"));
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_412_and_the_current_ETag_works()
    {
        var user = await _api.UserAsync(ApiHarness.Unique("Etag"));
        var token = await _api.TokenAsync(user, Right.Judge);
        var proposal = await _api.ProposeAsync(user, new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId()), false);
        var client = _app.CreateClient();
        var read = await client.GetAsync($"/api/v1/proposals/{proposal}");
        var etag = read.Headers.ETag!.Tag;

        var first = ApiHarness.Request(HttpMethod.Patch, $"/api/v1/proposals/{proposal}", token, """{"notes":"first edit"}""");
        first.Headers.IfMatch.ParseAdd(etag);
        var firstResponse = await client.SendAsync(first);
        var stale = ApiHarness.Request(HttpMethod.Patch, $"/api/v1/proposals/{proposal}", token, """{"notes":"lost update"}""");
        stale.Headers.IfMatch.ParseAdd(etag);
        var staleResponse = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.NotEqual(etag, firstResponse.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal("jade-editconflict", (await ApiHarness.JsonAsync(staleResponse)).GetProperty("code").GetString());
        Assert.Equal("first edit", (await ApiHarness.JsonAsync(await client.GetAsync($"/api/v1/proposals/{proposal}"))).GetProperty("notes").GetString());
    }

    [Fact]
    public async Task An_unchanged_artifact_answers_304_to_If_None_Match()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var client = _app.CreateClient();
        var etag = await ApiHarness.ArtifactETagAsync(client, key);

        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/artifacts/{key}");
        request.Headers.IfNoneMatch.ParseAdd(etag);

        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task All_judgments_of_an_artifact_come_in_one_call()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var a = await _api.UserAsync(ApiHarness.Unique("A"));
        var b = await _api.UserAsync(ApiHarness.Unique("B"));
        var c = await _api.UserAsync(ApiHarness.Unique("C"));
        await _api.ProposeAsync(a, key, damaging: false);
        await _api.ProposeAsync(b, key, damaging: true);
        await _api.ProposeAsync(c, key, damaging: false);

        var json = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/artifacts/{key}"));

        var proposals = json.GetProperty("facets")[0].GetProperty("proposals");
        Assert.Equal(2, proposals.GetArrayLength());
        Assert.True(proposals[0].GetProperty("preferred").GetBoolean());
        Assert.Equal(2, proposals[0].GetProperty("endorsements").GetArrayLength());
        Assert.False(proposals[0].GetProperty("labeldata").GetProperty("damaging").GetBoolean());
    }

    [Fact]
    public async Task Creating_labels_that_are_already_proposed_is_409_with_the_existing_proposal()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var existing = await _api.ProposeAsync(await _api.UserAsync(ApiHarness.Unique("First")), key, damaging: false);
        var token = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Second")), Right.Judge);

        var response = await _app.CreateClient().SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/{key}/proposals", token, Valid));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ApiHarness.JsonAsync(response);
        Assert.Equal("jade-proposalexists", problem.GetProperty("code").GetString());
        Assert.Equal(existing, problem.GetProperty("proposalId").GetInt64());
    }

    [Fact]
    public async Task A_hidden_text_is_an_explicit_placeholder_in_artifact_and_feed_never_the_value()
    {
        var key = new ArtifactKey("enwiki", ArtifactType.Diff, ApiHarness.UniqueRevId());
        var user = await _api.UserAsync(ApiHarness.Unique("Doxx"));
        var judgments = _app.Services.GetRequiredService<JadeStudio.Core.Judgments.JudgmentService>();
        (await judgments.ProposeOrEndorseAsync(ActorRef.User(user), new JadeStudio.Core.Judgments.ProposeRequest(key, "editquality", CoreHarness.EditQuality(true, false), "private address: 1 Secret Lane"))).OrThrow();
        await using (var db = await _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JadeStudio.Core.Storage.JadeDbContext>>().CreateDbContextAsync())
        {
            // Suppression itself arrives with the oversight tools; here the stored visibility is set directly.
            var text = db.Texts.Single(t => t.Content == "private address: 1 Secret Lane");
            text.Visibility = JadeStudio.Core.Visibility.FieldVisibility.Suppressed;
            await db.SaveChangesAsync();
        }
        var client = _app.CreateClient();

        var artifact = await client.GetStringAsync($"/api/v1/artifacts/{key}");
        var feed = await client.GetStringAsync($"/api/v1/events?artifact={key}");

        Assert.DoesNotContain("Secret Lane", artifact + feed);
        Assert.Contains("\"notesHidden\":true", artifact);
        Assert.Contains("\"textHidden\":true", feed);
    }

    [Fact]
    public async Task The_API_page_lists_every_endpoint_with_a_description()
    {
        var page = await JadeWebFactory.GetPageAsync(_app.CreateClient(), "/api");

        var rows = page.QuerySelectorAll("[data-testid=api-endpoints] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("/api/v1/artifacts/{wiki}/{type}/{revId}/judgments") && r.Contains("POST"));
        Assert.Contains(rows, r => r.Contains("/api/v1/events") && r.Contains("Server-Sent Events"));
        Assert.DoesNotContain(rows, r => r.Contains('⧼'));
        Assert.True(rows.Count >= 17);
    }

    [Fact]
    public async Task A_problems_type_links_to_its_codes_entry_on_the_API_page()
    {
        var client = _app.CreateClient();
        var problem = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/nothing/here"));
        var page = await JadeWebFactory.GetPageAsync(client, "/api");

        var type = problem.GetProperty("type").GetString()!;
        Assert.StartsWith("/api#", type);
        var linked = page.GetElementById(type["/api#".Length..]);
        Assert.NotNull(linked);
        Assert.Equal("notfound", linked.TextContent.Trim());
        Assert.Contains("404", linked.ParentElement!.TextContent);
        Assert.Contains("No endpoint has this address", linked.ParentElement.TextContent);

        // Every code has its entry, with its statuses and a meaning; a code covering several problems lists their names.
        foreach (var entry in Web.Api.ApiErrorCodes.All)
        {
            var row = page.GetElementById("error-" + entry.Code)?.ParentElement;
            Assert.True(row is not null, entry.Code);
            Assert.DoesNotContain('⧼', row.TextContent);
            Assert.All(entry.Statuses, status => Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), row.TextContent));
            Assert.All(entry.Kinds ?? [], kind => Assert.Contains(row.QuerySelectorAll("code"), code => code.TextContent == kind));
        }
        Assert.Contains("changedSince", page.GetElementById("error-jade-invalidrollback")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task Unknown_API_addresses_answer_problem_json_404()
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("notfound", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints()
    {
        var document = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/artifacts/{wiki}/{type}/{revId}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/events", out _));
        Assert.True(paths.GetProperty("/api/v1/proposals/{id}").TryGetProperty("patch", out _));
    }
}

public sealed class RateLimitTests : IClassFixture<RateLimitTests.Factory>
{
    // A stopped clock: windows are aligned to the clock, and the limit's window must not roll over during the test.
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?>
    {
        ["JadeStudio:Api:WritesPerWindow"] = "3",
        ["JadeStudio:Api:WriteWindowSeconds"] = "600",
    }, services => services.AddSingleton<TimeProvider>(new ManualClock(DateTimeOffset.UtcNow)));

    private readonly Factory _app;

    public RateLimitTests(Factory app) => _app = app;

    [Fact]
    public async Task Writes_over_the_limit_get_429_with_Retry_After_and_change_nothing()
    {
        var api = new ApiHarness(_app);
        var token = await api.TokenAsync(await api.UserAsync("Fast"), Right.Judge);
        var client = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.SendAsync(ApiHarness.Request(HttpMethod.Post, $"/api/v1/artifacts/enwiki/diff/{900 + i}/judgments", token,
                """{"facet":"editquality","labeldata":{"damaging":false,"goodfaith":true}}"""));
            statuses.Add(response.StatusCode);
            if (i == 3)
            {
                Assert.Equal("ratelimited", (await ApiHarness.JsonAsync(response)).GetProperty("code").GetString());
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        var artifact = await ApiHarness.JsonAsync(await client.GetAsync("/api/v1/artifacts/enwiki/diff/903"));
        Assert.Equal(0, artifact.GetProperty("facets")[0].GetProperty("proposals").GetArrayLength());
    }

    [Fact]
    public async Task Reads_are_not_rate_limited()
    {
        var client = _app.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/wikis")).StatusCode);
        }
    }
}
