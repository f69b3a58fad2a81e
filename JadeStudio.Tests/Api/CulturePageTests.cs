using System.Text;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Judgments;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Scores;
using JadeStudio.Core.Users;
using JadeStudio.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>Words and numbers in the viewer's language and culture, on the pages researchers compare numbers on.</summary>
public sealed class CulturePageTests(CulturePageTests.Factory app) : IClassFixture<CulturePageTests.Factory>
{
    /// <summary>Two scored and judged edits, seeded once for every test.</summary>
    public sealed class Factory() : JadeWebFactory("Development"), IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            var users = Services.GetRequiredService<UserDirectory>();
            var researcher = await users.RecordSignInAsync("test", "culture-researcher", "Culture Researcher", ["researcher", "autoconfirmed"]);
            var csv = "rev_id,model,version,prediction,probability\n8100001,damaging,1.0,false,0.231\n8100002,damaging,1.0,true,0.81\n";
            using var upload = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            (await Services.GetRequiredService<ScoreImportService>().ImportAsync(ActorRef.User(researcher.Id), "enwiki", upload, "s.csv", "file:s.csv",
                ImportMode.AllOrNothing, 1_000_000)).OrThrow();
            foreach (var (rev, damaging) in new[] { (8_100_001L, false), (8_100_002L, true) })
            {
                (await Services.GetRequiredService<JudgmentService>().ProposeOrEndorseAsync(ActorRef.User(researcher.Id),
                    new ProposeRequest(new ArtifactKey("enwiki", ArtifactType.Diff, rev), "editquality", CoreHarness.EditQuality(damaging, true)))).OrThrow();
            }
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private static readonly ArtifactKey Scored = new("enwiki", ArtifactType.Diff, 8_100_001);

    [Theory]
    [InlineData("en", "predicts Not damaging (76.9%)")]
    [InlineData("de", "sagt Nicht schädlich voraus (76,9 %)")]
    [InlineData("he", "לא מזיקה")]
    public async Task A_score_says_its_prediction_in_the_viewers_language_and_its_probability_in_their_culture(string language, string expected)
    {
        var page = await JadeWebFactory.GetPageAsync(app.CreateClient(), $"/artifact/{Scored}?uselang={language}");

        Assert.Contains(expected, page.QuerySelector("[data-testid=score-prediction]")?.TextContent);
        Assert.DoesNotContain("false", page.QuerySelector("[data-testid=score-prediction]")?.TextContent);
    }

    [Fact]
    public async Task The_analysis_shows_decimals_in_the_viewers_culture()
    {
        var page = await JadeWebFactory.GetPageAsync(app.CreateClient(), "/analysis/enwiki?uselang=de");

        var precision = page.QuerySelector("[data-testid=metric-precision]")?.TextContent;
        Assert.Equal("1,000", precision);
        Assert.Contains("0,50", JadeWebFactory.TextOf(page));
        Assert.DoesNotContain("0.50", JadeWebFactory.TextOf(page));
    }
}
