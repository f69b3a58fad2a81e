using System.Net;
using System.Net.Http.Headers;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

public sealed class CampaignsApiTests : IClassFixture<CampaignsApiTests.Factory>
{
    public sealed class Factory() : JadeWebFactory("Development", new Dictionary<string, string?> { ["JadeStudio:Api:WritesPerWindow"] = "100000" });

    private readonly Factory _app;
    private readonly ApiHarness _api;

    public CampaignsApiTests(Factory app)
    {
        _app = app;
        _api = new ApiHarness(app);
    }

    private async Task<(long Campaign, string Token)> CampaignAsync(string wiki, string facet = "editquality")
    {
        var researcher = await _api.UserAsync(ApiHarness.Unique("Researcher"), "researcher");
        var campaign = (await _app.Services.GetRequiredService<CampaignService>().CreateAsync(ActorRef.User(researcher),
            new CampaignDraft(wiki, ApiHarness.Unique("Api campaign "), facet, CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null))).OrThrow();
        return (campaign.Id, await _api.TokenAsync(researcher, Right.UploadArtifacts, Right.Judge));
    }

    private static HttpRequestMessage Upload(long campaign, string token, string file, string contentType, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks{query}")
        {
            Content = new StreamContent(File.OpenRead(Path.Combine(RepositoryPaths.SharedData, file))),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task The_cswiki_task_list_uploads_through_the_API()
    {
        var (campaign, token) = await CampaignAsync("cswiki");

        var response = await _app.CreateClient().SendAsync(Upload(campaign, token, "cswiki.revisions_for_review.5k_2016.json", "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await ApiHarness.JsonAsync(response);
        Assert.Equal(5000, report.GetProperty("imported").GetInt64());
        Assert.True(report.GetProperty("committed").GetBoolean());
        var summary = await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/campaigns/{campaign}"));
        Assert.Equal(5000, summary.GetProperty("tasks").GetInt32());
    }

    /// <summary>A list may give any revision id up to the largest 64-bit number; each such artifact then opens by its id.</summary>
    [Theory]
    [InlineData("application/x-ndjson", "{\"rev_id\": 9223372036854775807}\n", 9223372036854775807)]
    [InlineData("text/plain", "9223372036854775806\n", 9223372036854775806)]
    [InlineData("text/csv", "rev_id\n1000000000000000000\n", 1000000000000000000)]
    public async Task An_artifact_with_the_largest_revision_ids_a_list_takes_opens_by_its_id(string contentType, string body, long revId)
    {
        var (campaign, token) = await CampaignAsync("cswiki");
        var upload = ApiHarness.Request(HttpMethod.Post, $"/api/v1/campaigns/{campaign}/tasks", token, body, contentType);

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().SendAsync(upload)).StatusCode);

        var id = "cswiki/diff/" + revId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var artifact = await _app.CreateClient().GetAsync("/api/v1/artifacts/" + id);
        Assert.True(artifact.StatusCode == HttpStatusCode.OK, await artifact.Content.ReadAsStringAsync());
        Assert.Equal(id, (await ApiHarness.JsonAsync(artifact)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_malformed_arwiki_list_is_refused_whole_with_every_line_counted_and_the_first_thousand_listed()
    {
        var (campaign, token) = await CampaignAsync("arwiki");

        var response = await _app.CreateClient().SendAsync(Upload(campaign, token, "arwiki.revisions_for_review.5k_2016.json", "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ApiHarness.JsonAsync(response);
        Assert.Equal("jade-importrejected", problem.GetProperty("code").GetString());
        Assert.Equal(4977, problem.GetProperty("report").GetProperty("rejected").GetInt64());
        Assert.Equal(LineErrors.MaxListed, problem.GetProperty("report").GetProperty("errors").GetArrayLength());
        Assert.Equal(0, (await ApiHarness.JsonAsync(await _app.CreateClient().GetAsync($"/api/v1/campaigns/{campaign}"))).GetProperty("tasks").GetInt32());
    }

    [Fact]
    public async Task Uploading_without_the_right_is_refused()
    {
        var (campaign, _) = await CampaignAsync("cswiki");
        var reviewerToken = await _api.TokenAsync(await _api.UserAsync(ApiHarness.Unique("Reviewer")), Right.Judge);

        var response = await _app.CreateClient().SendAsync(Upload(campaign, reviewerToken, "cswiki.revisions_for_review.5k_2016.json", "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_upload_content_type_is_415_naming_the_types_an_upload_takes()
    {
        var (campaign, token) = await CampaignAsync("cswiki");

        var response = await _app.CreateClient().SendAsync(Upload(campaign, token, "cswiki.revisions_for_review.5k_2016.json", "application/pdf"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await ApiHarness.JsonAsync(response);
        Assert.Equal("badcontenttype", problem.GetProperty("code").GetString());
        Assert.Equal(["application/x-ndjson", "application/jsonl", "text/csv", "text/tab-separated-values", "text/plain"], problem.GetProperty("accepted").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("text/csv", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("application/json ", problem.GetProperty("detail").GetString() + " ", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_stream_in_each_format()
    {
        var (campaign, token) = await CampaignAsync("nlwiki", "contentquality");
        await _app.CreateClient().SendAsync(Upload(campaign, token, "nlwiki.human_labels.manually_extracted.2021-09-23.json", "application/x-ndjson"));
        var client = _app.CreateClient();

        var wikiLabels = await ApiHarness.JsonAsync(await client.GetAsync($"/api/v1/campaigns/{campaign}/export?format=wikilabels"));
        var csv = await client.GetAsync($"/api/v1/campaigns/{campaign}/export?format=csv");
        var editQuality = await client.GetAsync($"/api/v1/campaigns/{campaign}/export?format=editquality");

        Assert.Equal(64, wikiLabels.GetProperty("tasks").GetArrayLength());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("task_id,rev_id,page_title,user,contentquality,labeled_at", (await csv.Content.ReadAsStringAsync()).Split('\n')[0]);
        Assert.Equal(HttpStatusCode.BadRequest, editQuality.StatusCode); // not an editquality campaign
    }
}
