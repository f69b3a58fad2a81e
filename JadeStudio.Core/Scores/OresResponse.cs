using System.Globalization;
using System.Text.Json;

namespace JadeStudio.Core.Scores;

/// <summary>
/// Reads the ORES v3 / Lift Wing response shape: <c>{wiki: {models: {m: {version}}, scores: {rev: {m: {score: {prediction, probability}} | {error: {type, message}}}}}}</c>;
/// a request-level <c>{"error": {code, message}}</c> becomes a <see cref="ScoreSourceException"/>.
/// </summary>
public static class OresResponse
{
    public static IReadOnlyList<ScoreResult> Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ScoreSourceException("malformed", "The response is not a JSON object.");
        }
        if (root.TryGetProperty("error", out var requestError) && requestError.ValueKind == JsonValueKind.Object)
        {
            throw new ScoreSourceException(Text(requestError, "code") ?? "error", Text(requestError, "message") ?? "The service refused the request.");
        }
        var results = new List<ScoreResult>();
        foreach (var wiki in root.EnumerateObject())
        {
            RequireObject(wiki.Value, wiki.Name);
            var versions = new Dictionary<string, string>(StringComparer.Ordinal);
            if (wiki.Value.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Object)
            {
                foreach (var model in models.EnumerateObject())
                {
                    versions[model.Name] = Text(model.Value, "version") ?? "";
                }
            }
            if (!wiki.Value.TryGetProperty("scores", out var scores) || scores.ValueKind != JsonValueKind.Object)
            {
                throw new ScoreSourceException("malformed", $"No scores for {wiki.Name}.");
            }
            foreach (var revision in scores.EnumerateObject())
            {
                if (!long.TryParse(revision.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var revId) || revId <= 0 || revision.Name[0] == '0')
                {
                    throw new ScoreSourceException("malformed", $"'{revision.Name}' is not a revision id.");
                }
                RequireObject(revision.Value, revision.Name);
                foreach (var model in revision.Value.EnumerateObject())
                {
                    var version = versions.GetValueOrDefault(model.Name, "");
                    RequireObject(model.Value, $"{model.Name} of {revId}");
                    if (model.Value.TryGetProperty("error", out var error))
                    {
                        results.Add(new ScoreResult(wiki.Name, model.Name, version, revId, null, null, Text(error, "type") ?? "Error", Text(error, "message")));
                        continue;
                    }
                    if (!model.Value.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Object || !score.TryGetProperty("prediction", out var prediction))
                    {
                        throw new ScoreSourceException("malformed", $"No score for {model.Name} of {revId}.");
                    }
                    var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
                    if (score.TryGetProperty("probability", out var probability) && probability.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var p in probability.EnumerateObject())
                        {
                            probabilities[p.Name] = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var value) && value is >= 0 and <= 1
                                ? value
                                : throw new ScoreSourceException("malformed", $"The probability of {p.Name} for {model.Name} of {revId} is not a number between 0 and 1.");
                        }
                    }
                    results.Add(new ScoreResult(wiki.Name, model.Name, version, revId, Prediction(prediction, probabilities, $"{model.Name} of {revId}"), probabilities, null, null));
                }
            }
        }
        return results;
    }

    public static IReadOnlyList<ScoreResult> Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Parse(document.RootElement);
        }
        catch (JsonException exception)
        {
            var position = Imports.LineError.JsonPosition(exception);
            throw new ScoreSourceException("malformed", $"The response is not valid JSON (the error is at character {position}).") { JsonPosition = position };
        }
    }

    /// <summary>
    /// The prediction as it is stored: a yes-or-no model's bare <c>true</c> or <c>false</c> (ORES writes booleans; a
    /// string "true" means the same), a class's name as a JSON string, a list of classes (a model of several labels) as
    /// a JSON array. Each named class must be one of the probability's: "maybe", a number or a class the model does not
    /// have would be shown as the model's answer at 0 % and never agree with a reviewer's.
    /// </summary>
    private static string Prediction(JsonElement prediction, IReadOnlyDictionary<string, double> probabilities, string what)
    {
        var yesOrNo = probabilities.Count == 2 && probabilities.ContainsKey("true") && probabilities.ContainsKey("false");
        (string[] Classes, string? Stored) named = prediction.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => ([prediction.GetRawText()], prediction.GetRawText()),
            JsonValueKind.String when yesOrNo && prediction.GetString() is "true" or "false" => ([prediction.GetString()!], prediction.GetString()),
            JsonValueKind.String => ([prediction.GetString()!], prediction.GetRawText()),
            JsonValueKind.Array when prediction.EnumerateArray().All(label => label.ValueKind == JsonValueKind.String) =>
                ([.. prediction.EnumerateArray().Select(label => label.GetString()!)], prediction.GetRawText()),
            _ => ([], null),
        };
        var (classes, stored) = named;
        if (stored is null || !classes.All(probabilities.ContainsKey))
        {
            throw new ScoreSourceException("malformed", $"The prediction for {what} is not one of the classes its probability names.")
            {
                Prediction = prediction.ValueKind == JsonValueKind.String ? prediction.GetString() : prediction.GetRawText(),
            };
        }
        return stored;
    }

    /// <summary>Each level of the answer is an object: any other value is a malformed answer, never a crash.</summary>
    private static void RequireObject(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScoreSourceException("malformed", $"{what} is not a JSON object.");
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
