using System.Text;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Campaigns;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Scores;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Scores;

public sealed class ScoreStoreAndAnalysisTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ActorRef _researcher = default!;

    public async Task InitializeAsync() => _researcher = await _core.UserAsync("Researcher", "researcher", "autoconfirmed");

    public async Task DisposeAsync() => await _core.DisposeAsync();

    private async Task<Result<ImportReport>> ImportAsync(string content, string fileName, ImportMode mode = ImportMode.AllOrNothing, string wiki = "enwiki", long maxBytes = 10_000_000)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await _core.ScoreImports.ImportAsync(_researcher, wiki, stream, fileName, "file:" + fileName, mode, maxBytes);
    }

    [Fact]
    public async Task A_score_file_over_the_size_limit_is_refused_at_the_line_the_limit_cuts_and_one_of_exactly_the_limit_is_taken()
    {
        var csv = "\n\nrev_id,model,version,prediction,probability\n" + string.Join("\n", Enumerable.Range(1, 500).Select(i => $"{i},damaging,1.0,true,0.5"));

        var refused = await ImportAsync(csv, "s.csv", ImportMode.ValidLinesOnly, maxBytes: 5_000);
        var exact = (await ImportAsync(csv, "s.csv", maxBytes: Encoding.UTF8.GetByteCount(csv))).OrThrow();

        var error = Assert.Single(Assert.IsType<JadeError.ImportRejected>(refused.Error).Report.Errors);
        Assert.Equal((UploadLines.CutAt(csv, 5_000), ImportProblem.TooLarge), (error.Line, error.Problem));
        Assert.Equal(500, exact.Imported);
    }

    private static ArtifactKey Diff(long rev) => new("enwiki", ArtifactType.Diff, rev);

    [Fact]
    public async Task The_ORES_fixture_imports_as_a_score_file_and_shows_on_the_artifact()
    {
        var fixture = File.ReadAllText(RepositoryPaths.Fixture("ores-v3-score-error.json"));

        var report = (await ImportAsync(fixture, "ores.json")).OrThrow();
        var scores = await _core.Scores.ForArtifactAsync(Diff(1096855066));
        var error = await _core.Scores.ForArtifactAsync(Diff(123));

        Assert.Equal(2, report.Imported);
        Assert.Equal(("damaging", "0.5.1", "false"), (scores.Single().Model, scores.Single().ModelVersion, scores.Single().Prediction));
        Assert.Equal("RevisionNotFound", error.Single().ErrorType);
    }

    [Fact]
    public async Task A_csv_score_file_imports_and_bad_lines_are_reported_by_number()
    {
        const string csv = "rev_id,model,version,prediction,probability\n10,damaging,1.0,true,0.91\n11,damaging,1.0,false,1.7\n012,damaging,1.0,false,0.2\n13,goodfaith,1.0,true,0.8\n";

        var refused = await ImportAsync(csv, "s.csv");
        var lenient = (await ImportAsync(csv, "s.csv", ImportMode.ValidLinesOnly)).OrThrow();

        Assert.Equal([(3L, ImportProblem.BadProbability, "1.7"), (4L, ImportProblem.NotCanonical, "012")],
            Assert.IsType<JadeError.ImportRejected>(refused.Error).Report.Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal(2, lenient.Imported);
        Assert.Equal(0.91, (await _core.Scores.ForArtifactAsync(Diff(10))).Single().ProbabilityMap["true"]);
    }

    /// <summary>
    /// A yes-or-no model's prediction is true or false, in the case Python writes too ("True"), and agrees with a reviewer
    /// as ORES's does; a class model's is one of its probability: columns. Anything else is a bad line, reported by number.
    /// </summary>
    [Fact]
    public async Task A_csv_prediction_must_be_one_of_the_models_classes()
    {
        var yesOrNo = await ImportAsync("rev_id,model,version,prediction,probability\n20,damaging,1.0,True,0.9\n21,damaging,1.0,FALSE,0.1\n22,damaging,1.0,maybe,0.5\n",
            "s.csv", ImportMode.ValidLinesOnly);
        var classes = await ImportAsync("rev_id,model,version,prediction,probability:Stub,probability:FA\n30,articlequality,1.0,Stub,0.7,0.3\n31,articlequality,1.0,GA,0.7,0.3\n",
            "s.csv", ImportMode.ValidLinesOnly);

        Assert.Equal([(4L, ImportProblem.BadPrediction, "maybe")], yesOrNo.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal("true", (await _core.Scores.ForArtifactAsync(Diff(20))).Single().Prediction);
        Assert.Equal("false", (await _core.Scores.ForArtifactAsync(Diff(21))).Single().Prediction);
        Assert.Equal([(3L, ImportProblem.BadPrediction, "GA")], classes.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal(1, classes.OrThrow().Imported);
    }

    /// <summary>
    /// A model the app knows answers in its own classes, whatever the file's columns say: an article-quality score
    /// predicting true, a damaging one predicting a quality class, an item-quality one predicting a class it lacks are
    /// bad lines. A model the app does not know (a topic model's list of labels) is stored as the file gives it.
    /// </summary>
    [Fact]
    public async Task A_known_models_prediction_must_be_one_of_its_own_classes()
    {
        var csv = await ImportAsync("rev_id,model,version,prediction,probability\n40,articlequality,1.0,true,0.9\n41,damaging,1.0,true,0.9\n", "s.csv", ImportMode.ValidLinesOnly);
        var classes = await ImportAsync("rev_id,model,version,prediction,probability:Stub,probability:FA\n42,damaging,1.0,Stub,0.7,0.3\n", "s.csv", ImportMode.ValidLinesOnly);
        var json = await ImportAsync(string.Join("\n",
            """{"wikidatawiki": {"scores": {"43": {"itemquality": {"score": {"prediction": "Z", "probability": {"Z": 1.0}}}}}}}""",
            """{"wikidatawiki": {"scores": {"44": {"drafttopic": {"score": {"prediction": ["STEM"], "probability": {"STEM": 0.8}}}}}}}""",
            """{"wikidatawiki": {"scores": {"45": {"damaging": {"score": {"prediction": "maybe", "probability": {"true": 0.5, "false": 0.5}}}}}}}"""), "s.jsonl", ImportMode.ValidLinesOnly, wiki: "wikidatawiki");

        Assert.Equal([(2L, ImportProblem.BadPrediction, "true")], csv.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal([(2L, ImportProblem.BadPrediction, "Stub")], classes.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal([(1L, ImportProblem.BadPrediction, "Z"), (3L, ImportProblem.BadPrediction, "maybe")], json.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Empty(await _core.Scores.ForArtifactAsync(Diff(40)));
        Assert.Equal("true", (await _core.Scores.ForArtifactAsync(Diff(41))).Single().Prediction);
        Assert.Equal(1, json.OrThrow().Imported);
    }

    /// <summary>A score file's line longer than an upload's lines may be is reported by its number, not read; a first line so long refuses the file.</summary>
    [Fact]
    public async Task A_line_longer_than_the_limit_is_reported_by_number_without_being_read()
    {
        var tooLong = new string('9', ImportService.MaxLineBytes + 1);

        var csv = await ImportAsync($"rev_id,model,version,prediction,probability\n50,damaging,1.0,true,0.9\n{tooLong}\n51,damaging,1.0,false,0.2\n", "s.csv",
            ImportMode.ValidLinesOnly, maxBytes: 100_000_000);
        var first = await ImportAsync($"{tooLong}\n52,damaging,1.0,true,0.9\n", "s.csv", ImportMode.ValidLinesOnly, maxBytes: 100_000_000);
        var document = await ImportAsync($"{{\n\"enwiki\": {tooLong}\n}}\n", "s.json", ImportMode.ValidLinesOnly, maxBytes: 100_000_000);

        Assert.Equal([(3L, ImportProblem.LineTooLong, "16")], csv.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal(2, csv.OrThrow().Imported);
        Assert.Equal([(1L, ImportProblem.LineTooLong, "16")], first.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal([(2L, ImportProblem.LineTooLong, "16")], document.OrThrow().Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Empty(await _core.Scores.ForArtifactAsync(Diff(52)));
    }

    [Fact]
    public async Task Lines_are_reported_by_their_number_in_the_file_blank_lines_before_the_header_counted()
    {
        var csv = await ImportAsync("\n\nrev_id,model,version,prediction,probability\n10,damaging,1.0,true,0.91\n11,damaging,1.0,false,1.7\n", "s.csv");
        var jsonLines = await ImportAsync("\n{\"enwiki\": 5}\n", "s.jsonl");
        var twice = await ImportAsync("\nrev_id,model,version,prediction,probability,probability\n10,damaging,1.0,true,0.91,0.2\n", "s.csv", ImportMode.ValidLinesOnly);

        static LineError Refusal(Result<ImportReport> result) => Assert.Single(Assert.IsType<JadeError.ImportRejected>(result.Error).Report.Errors);
        Assert.Equal((5L, ImportProblem.BadProbability), (Refusal(csv).Line, Refusal(csv).Problem));
        Assert.Equal((2L, ImportProblem.BadScore), (Refusal(jsonLines).Line, Refusal(jsonLines).Problem));
        // Which of the two columns holds the probability cannot be told: the file is refused whole, even when lenient.
        Assert.Equal((2L, ImportProblem.DuplicateColumn, "probability"), (Refusal(twice).Line, Refusal(twice).Problem, Refusal(twice).Detail));
        Assert.Empty(await _core.Scores.ForArtifactAsync(Diff(10)));
    }

    [Fact]
    public async Task A_json_score_line_of_another_shape_is_reported_by_number_and_nothing_is_stored()
    {
        const string score = """{"score": {"prediction": true, "probability": {"true": 0.9, "false": 0.1}}}""";
        var lines = string.Join("\n",
            """{"enwiki": {"scores": {"20": {"damaging": """ + score + "}}}}",
            """{"enwiki": 5}""",
            """{"enwiki": {"scores": {"21": []}}}""",
            """{"enwiki": {"scores": {"22": {"damaging": "high"}}}}""",
            """{"enwiki": {"scores": {"23": {"damaging": {"score": 1}}}}}""",
            """{"enwiki": {"scores": {"24": {"damaging": {"score": {"prediction": true, "probability": {"true": "0.9"}}}}}}}""",
            """{"enwiki": {"scores": {"25": {"damaging": {"score": {"prediction": true, "probability": {"true": 1.5}}}}}}}""",
            """{"enwiki": {"scores": {"0": {"damaging": """ + score + "}}}}");

        var refused = await ImportAsync(lines, "s.jsonl");

        Assert.Equal([(2L, ImportProblem.BadScore), (3L, ImportProblem.BadScore), (4L, ImportProblem.BadScore), (5L, ImportProblem.BadScore), (6L, ImportProblem.BadScore),
            (7L, ImportProblem.BadScore), (8L, ImportProblem.BadScore)],
            Assert.IsType<JadeError.ImportRejected>(refused.Error).Report.Errors.Select(e => (e.Line, e.Problem)));
        Assert.Empty(await _core.Scores.ForArtifactAsync(Diff(20)));
    }

    [Fact]
    public async Task Long_refused_values_are_quoted_shortened_in_the_report()
    {
        var longRev = new string('9', 300);
        var longProbability = "0." + new string('x', 300);
        var csv = $"rev_id,model,version,prediction,probability\n{longRev},damaging,1.0,true,0.9\n14,damaging,1.0,true,{longProbability}\n";
        var header = "rev_id,model," + new string('h', 300) + "\n1,damaging\n";

        var refused = await ImportAsync(csv, "s.csv");
        var badHeader = await ImportAsync(header, "h.csv");

        Assert.Equal([(2L, ImportProblem.BadRevId, new string('9', 120) + "…"), (3L, ImportProblem.BadProbability, longProbability[..40] + "…")],
            Assert.IsType<JadeError.ImportRejected>(refused.Error).Report.Errors.Select(e => (e.Line, e.Problem, e.Detail)));
        Assert.Equal("rev_id,model," + new string('h', 107) + "…", Assert.IsType<JadeError.ImportRejected>(badHeader.Error).Report.Errors.Single().Detail);
    }

    [Fact]
    public async Task The_uncertain_band_holds_every_scored_edit_in_it_and_counts_those_nobody_judged()
    {
        // 20 edits scored between 0.4 and 0.6, two outside; two of those in the band are judged.
        var lines = Enumerable.Range(0, 20).Select(i => $"{300 + i},damaging,1.0,false,{0.40 + i * 0.01:0.00}")
            .Append("400,damaging,1.0,true,0.95").Append("401,damaging,1.0,false,0.05");
        (await ImportAsync("rev_id,model,version,prediction,probability\n" + string.Join("\n", lines) + "\n", "band.csv")).OrThrow();
        var judge = await _core.UserAsync("Judge", "autoconfirmed");
        foreach (var rev in new long[] { 300, 305, 400 })
        {
            (await _core.Judgments.ProposeOrEndorseAsync(judge, CoreHarness.Propose(true, true, artifact: Diff(rev)))).OrThrow();
        }

        var band = await _core.Analysis.BandAsync("enwiki", "damaging", "1.0", 0.4, 0.6);

        Assert.Equal(20, band.Artifacts.Count);
        Assert.Equal(18, band.Unjudged);
        Assert.DoesNotContain(Diff(400), band.Artifacts);
    }

    [Fact]
    public async Task Scores_for_another_wiki_are_refused()
    {
        var result = await ImportAsync("rev_id,model,version,prediction,probability\n1,damaging,1,true,0.5\n", "s.csv", wiki: "cswiki");
        Assert.True(result.IsSuccess); // CSV rows take the target wiki
        var ores = await ImportAsync(File.ReadAllText(RepositoryPaths.Fixture("ores-v3-scores-enwiki.json")), "o.json", wiki: "cswiki");

        Assert.All(Assert.IsType<JadeError.ImportRejected>(ores.Error).Report.Errors, e => Assert.Equal(ImportProblem.WrongWiki, e.Problem));
    }

    [Fact]
    public async Task A_newer_answer_replaces_the_cached_score_of_the_same_model_version()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n20,damaging,1.0,true,0.9\n", "a.csv");
        await ImportAsync("rev_id,model,version,prediction,probability\n20,damaging,1.0,false,0.3\n", "b.csv");

        await using var db = _core.Database.CreateDbContext();
        Assert.Equal("false", (await db.Scores.SingleAsync(s => s.RevId == 20)).Prediction);
    }

    private async Task JudgeAsync(long rev, params bool[] damagingVotes)
    {
        foreach (var (vote, i) in damagingVotes.Select((v, i) => (v, i)))
        {
            var user = await _core.UserAsync($"J{rev}-{i}");
            (await _core.Judgments.ProposeOrEndorseAsync(user, CoreHarness.Propose(vote, true, artifact: Diff(rev)))).OrThrow();
        }
    }

    [Fact]
    public async Task Analysis_pairs_scores_with_the_preferred_or_the_majority_human_answer()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n30,damaging,1.0,true,0.9\n31,damaging,1.0,false,0.2\n32,damaging,1.0,true,0.7\n33,damaging,1.0,false,0.1\n", "s.csv");
        await JudgeAsync(30, true);                // preferred: damaging
        await JudgeAsync(31, false);               // preferred: not damaging
        await JudgeAsync(32, false, true, true);   // preferred (first): not damaging; majority: damaging
        // 33: scored, never judged

        var preferred = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Preferred)))!;
        var majority = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Majority)))!;

        Assert.Equal((4, 3, 3), (preferred.Scored, preferred.Judged, preferred.Items.Count));
        Assert.False(preferred.Items.Single(i => i.Artifact.RevId == 32).Positive);
        Assert.True(majority.Items.Single(i => i.Artifact.RevId == 32).Positive);
        Assert.Equal(0.7, preferred.Items.Single(i => i.Artifact.RevId == 32).Score);
    }

    [Fact]
    public async Task Scores_pair_with_the_right_answers_whatever_order_edits_were_scored_and_judged_in()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n53,damaging,1.0,true,0.93\n50,damaging,1.0,false,0.1\n52,damaging,1.0,true,0.72\n51,damaging,1.0,false,0.31\n", "s.csv");
        await JudgeAsync(53, false);
        await JudgeAsync(50, true);
        await JudgeAsync(52, true);
        // 51: scored, never judged

        var data = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Preferred)))!;

        Assert.Equal((4, 3), (data.Scored, data.Judged));
        Assert.Equal([(50L, 0.1, true), (52L, 0.72, true), (53L, 0.93, false)],
            data.Items.Select(i => (i.RevId, i.Score, i.Positive)).OrderBy(i => i.RevId).ToArray());
    }

    [Fact]
    public async Task Only_judgments_of_the_scored_wikis_edits_pair_with_its_scores()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n45,damaging,1.0,true,0.8\n", "s.csv");
        var elsewhere = await _core.UserAsync("Elsewhere");
        // The same revision number judged on another wiki, and as a revision rather than an edit.
        (await _core.Judgments.ProposeOrEndorseAsync(elsewhere, CoreHarness.Propose(true, true, artifact: new ArtifactKey("cswiki", ArtifactType.Diff, 45)))).OrThrow();

        var data = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Preferred)))!;
        var majority = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Majority)))!;

        Assert.Equal((1, 0), (data.Scored, data.Judged));
        Assert.Equal((1, 0), (majority.Scored, majority.Judged));
    }

    [Fact]
    [Trait("Store", "Sqlite")]
    public async Task The_analysis_reads_scores_and_preferred_answers_from_indexes_without_parsing_each_row()
    {
        // A million scores are not parsed from JSON one by one, nor a million proposals read from the table.
        var model = new ModelCatalog().Find("enwiki", "damaging")!;
        var scoresPlan = await PlanAsync(SqliteAnalysisReads.ScoresSql(model));
        var answersPlan = await PlanAsync(SqliteAnalysisReads.HumanAnswersSql(HumanLabelSource.Preferred));

        Assert.Contains("scores USING INDEX IX_scores_true_probability", scoresPlan);
        Assert.DoesNotContain("TEMP B-TREE", scoresPlan);
        Assert.Matches("p USING (COVERING )?INDEX IX_proposals_preferred_answers", answersPlan);
        Assert.Contains("a USING INTEGER PRIMARY KEY", answersPlan);
    }

    private async Task<string> PlanAsync(string sql)
    {
        await using var db = _core.Database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$answer", "$positive", "$facet", "$type", "$wiki", "$model", "$version", "$campaign" })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = "x";
            command.Parameters.Add(parameter);
        }
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(3));
        }
        return plan.ToString();
    }

    [Fact]
    public async Task A_tied_majority_gives_no_human_answer()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n35,damaging,1.0,true,0.6\n36,damaging,1.0,false,0.3\n", "s.csv");
        await JudgeAsync(35, true, false);          // one each way: left out
        await JudgeAsync(36, false, false, true);   // two to one: not damaging

        var majority = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, null, HumanLabelSource.Majority)))!;

        Assert.Equal((2, 1), (majority.Scored, majority.Judged));
        Assert.False(Assert.Single(majority.Items).Positive);
    }

    [Fact]
    public async Task Analysis_can_be_limited_to_a_campaigns_artifacts()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n40,damaging,1.0,true,0.9\n41,damaging,1.0,false,0.2\n", "s.csv");
        await JudgeAsync(40, true);
        await JudgeAsync(41, false);
        var campaign = (await _core.Campaigns.CreateWithTasksAsync(_researcher,
            new CampaignDraft("enwiki", "Only 40", "editquality", CampaignView.Diff, 1, 5, TimeSpan.FromDays(1), true, null, null), [Diff(40)])).OrThrow();

        var data = (await _core.Analysis.LoadAsync(new AnalysisQuery("enwiki", "damaging", null, campaign.Id, HumanLabelSource.Preferred)))!;

        Assert.Equal(40, Assert.Single(data.Items).Artifact.RevId);
    }

    [Fact]
    public async Task This_score_is_wrong_records_a_disagreeing_judgment_and_a_report()
    {
        await ImportAsync("rev_id,model,version,prediction,probability\n50,damaging,1.0,true,0.95\n", "s.csv");
        var score = (await _core.Scores.ForArtifactAsync(Diff(50))).Single();
        var reviewer = await _core.UserAsync("Reporter");

        var outcome = (await _core.Scores.ReportWrongAsync(reviewer, score.Id, CoreHarness.Propose(false, true, artifact: Diff(50)))).OrThrow();

        await using var db = _core.Database.CreateDbContext();
        var report = await db.ModelReports.SingleAsync();
        Assert.Equal((score.Id, outcome!.ProposalId), (report.ScoreId, report.ProposalId));
        Assert.Equal(CoreHarness.EditQuality(false, true), (await db.Proposals.SingleAsync()).LabelData);
        Assert.True(await db.Events.AnyAsync(e => e.Type == JadeStudio.Core.Events.EventType.ModelReported));
    }

    [Fact]
    public async Task Borderline_scores_become_a_campaign_in_one_step()
    {
        var campaign = (await _core.Campaigns.CreateWithTasksAsync(_researcher,
            new CampaignDraft("enwiki", "Borderline", "editquality", CampaignView.Diff, 2, 5, TimeSpan.FromDays(1), true, null, null), [Diff(60), Diff(61), Diff(60)])).OrThrow();

        Assert.Equal(2, (await _core.CampaignQueries.GetAsync(campaign.Id))!.Tasks);
        var reviewer = await _core.UserAsync("NoRights");
        var refused = await _core.Campaigns.CreateWithTasksAsync(reviewer,
            new CampaignDraft("enwiki", "Mine", "editquality", CampaignView.Diff, 2, 5, TimeSpan.FromDays(1), true, null, null), [Diff(62)]);
        Assert.IsType<JadeError.PermissionDenied>(refused.Error);
    }
}
