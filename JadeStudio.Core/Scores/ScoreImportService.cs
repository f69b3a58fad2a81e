using System.Globalization;
using System.Text;
using System.Text.Json;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Events;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Scores;

/// <summary>
/// Imports score files for a wiki (right <c>uploadartifacts</c>): the ORES v3 response shape (one document,
/// or one response per line) or CSV with <c>rev_id,model,version,prediction</c> and <c>probability</c>
/// (of true) or <c>probability:&lt;class&gt;</c> columns. Streamed and checked into a spool file, then stored.
/// </summary>
public sealed class ScoreImportService(CommandWriter writer, ActorLoader actors, IDbContextFactory<JadeDbContext> contexts, WikiCatalog wikis, ModelCatalog models)
{
    public async Task<Result<ImportReport>> ImportAsync(ActorRef actor, string wiki, Stream upload, string? fileName, string sourceName, ImportMode mode, long maxBytes,
        IProgress<ImportProgress>? progress = null, long? totalBytes = null, CancellationToken cancellationToken = default)
    {
        if (wikis.Find(wiki) is null)
        {
            return new JadeError.InvalidArtifactId(Artifacts.ArtifactKeyProblem.UnknownWiki);
        }
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var who = await actors.LoadAsync(db, actor, cancellationToken);
            switch (PermissionManager.Check(who, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(wiki, null)))
            {
                case PermissionResult.MissingRight missing:
                    return new JadeError.PermissionDenied(missing.Right);
                case PermissionResult.BlockedBy blocked:
                    return new JadeError.Blocked(blocked.Block);
            }
        }

        var staging = Path.Combine(Path.GetTempPath(), $"jadestudio-scores-{Guid.NewGuid():N}.jsonl");
        await using var spool = new FileStream(staging, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var (format, rows, valid, errors) = await CheckAsync(wiki, models, upload, fileName, maxBytes, spool, progress, totalBytes, cancellationToken);
        if (errors.Count > 0 && (mode == ImportMode.AllOrNothing || errors.RefuseTheUpload))
        {
            return new JadeError.ImportRejected(new ImportReport(format, mode, rows, 0, 0, errors, false));
        }
        return await writer.ExecuteAsync(async context =>
        {
            // From the spool's start on every attempt: on PostgreSQL the writer runs a command again after a write
            // conflict (two nodes' overlapping score files can deadlock), and the attempt before read it to the end.
            spool.Position = 0;
            var who = await actors.RequireAsync(context.Db, actor, Right.UploadArtifacts, BlockAction.Upload, new BlockTarget(wiki, null), cancellationToken);
            var stored = await StoreAsync(context, spool, valid, sourceName, progress, totalBytes, rows, cancellationToken);
            context.Emit(new StoredEvent { Type = EventType.ScoresImported, ActorId = who.UserId, Wiki = wiki, Data = JsonSerializer.Serialize(new { source = sourceName, scores = stored }) });
            return new ImportReport(format, mode, rows, stored, 0, errors, true);
        }, cancellationToken);
    }

    private static async Task<(ImportFormat Format, long Rows, long Valid, LineErrors Errors)> CheckAsync(string wiki, ModelCatalog models, Stream upload, string? fileName, long maxBytes, Stream spool,
        IProgress<ImportProgress>? progress, long? totalBytes, CancellationToken cancellationToken)
    {
        var errors = new LineErrors();
        var counting = new CountingStream(upload, maxBytes);
        using var reader = new TextLines(counting, ImportService.MaxLineBytes);
        await using var output = new StreamWriter(spool, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        long rows = 0, valid = 0;
        long linesRead = 0; // the number of the last whole line read: the size limit cuts the next (CountingStream)
        var format = ImportFormat.JsonLines;

        void Accept(long line, IEnumerable<ScoreResult> results)
        {
            foreach (var result in results)
            {
                if (result.Wiki != wiki)
                {
                    errors.Add(new LineError(line, ImportProblem.WrongWiki, LineError.Quote(result.Wiki)));
                    continue;
                }
                if (!IsModelText(result.Model) || result.Model.Length == 0)
                {
                    errors.Add(new LineError(line, ImportProblem.BadModel, LineError.Quote(result.Model, 40)));
                    continue;
                }
                // ORES answers without a version when its models section is left out: an empty version is one.
                if (!IsModelText(result.ModelVersion))
                {
                    errors.Add(new LineError(line, ImportProblem.BadModelVersion, LineError.Quote(result.ModelVersion, 40)));
                    continue;
                }
                // A model this app knows answers with its own classes: a damaging score predicting "C", or an
                // articlequality one predicting true, would be shown as its answer and never agree with a reviewer's.
                if (result.Prediction is { } predicted && models.Find(wiki, result.Model) is { } known && !known.Predicts(predicted))
                {
                    errors.Add(new LineError(line, ImportProblem.BadPrediction, LineError.Quote(predicted.StartsWith('"') ? JsonSerializer.Deserialize<string>(predicted)! : predicted, 40)));
                    continue;
                }
                valid++;
                output.WriteLine(JsonSerializer.Serialize(result));
            }
        }

        // The score lines after line number `before` (from `first`, when it was read already), numbered as in the file:
        // blank lines are skipped, a line that is not UTF-8 is reported.
        async IAsyncEnumerable<(long Number, string Line)> LinesAsync(long before, string? first = null)
        {
            var number = before;
            for (var line = first ?? await reader.ReadLineAsync(cancellationToken); line is not null; line = await reader.ReadLineAsync(cancellationToken))
            {
                linesRead = ++number;
                if (reader.LineTooLong)
                {
                    rows++;
                    errors.Add(ImportService.TooLong(number));
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                rows++;
                if (line.Contains(TextReaders.NotUtf8))
                {
                    errors.Add(new LineError(number, ImportProblem.NotUtf8, null));
                    continue;
                }
                yield return (number, line);
            }
        }

        try
        {
            // Lines are reported by their number in the file: blank lines before the first count too.
            var first = await reader.ReadLineAsync(cancellationToken);
            long firstLine = 1;
            while (first is not null && !reader.LineTooLong && string.IsNullOrWhiteSpace(first))
            {
                linesRead = firstLine;
                first = await reader.ReadLineAsync(cancellationToken);
                firstLine++;
            }
            if (first is null)
            {
                errors.Add(new LineError(0, ImportProblem.Empty, null));
                return (format, 0, 0, errors);
            }
            if (reader.LineTooLong)
            {
                // The first line tells the format (a CSV header names the columns): nothing after it can be read.
                errors.Add(ImportService.TooLong(firstLine));
                return (format, 1, 0, errors);
            }
            if (first.TrimStart().StartsWith('{') && !IsCompleteJson(first))
            {
                // One ORES document spread over lines (as the service pretty-prints it): parsed whole, within the size limit.
                var whole = new StringBuilder(first);
                var number = firstLine;
                while (await reader.ReadLineAsync(cancellationToken) is { } next)
                {
                    linesRead = ++number;
                    if (reader.LineTooLong)
                    {
                        errors.Add(ImportService.TooLong(number));
                        return (format, 1, 0, errors);
                    }
                    whole.Append('\n').Append(next);
                }
                var document = whole.ToString();
                rows = 1;
                if (document.IndexOf(TextReaders.NotUtf8) is var invalid and >= 0)
                {
                    errors.Add(new LineError(firstLine + document.AsSpan(0, invalid).Count('\n'), ImportProblem.NotUtf8, null));
                    return (format, rows, 0, errors);
                }
                try
                {
                    Accept(firstLine, OresResponse.Parse(document));
                }
                catch (ScoreSourceException failure)
                {
                    errors.Add(Rejected(firstLine, failure));
                }
            }
            else if (first.TrimStart().StartsWith('{'))
            {
                await foreach (var (number, line) in LinesAsync(firstLine - 1, first))
                {
                    try
                    {
                        Accept(number, OresResponse.Parse(line));
                    }
                    catch (ScoreSourceException failure)
                    {
                        errors.Add(Rejected(number, failure));
                    }
                    Report(progress, counting, totalBytes, rows);
                }
            }
            else
            {
                format = ImportFormat.Csv;
                var header = DelimitedLine.Split(first, ',')?.Select(h => h.Trim()).ToArray() ?? [];
                int Column(string name) => Array.IndexOf(header, name);
                var (rev, model, version, prediction, probability) = (Column("rev_id"), Column("model"), Column("version"), Column("prediction"), Column("probability"));
                var classColumns = header.Select((h, i) => (h, i)).Where(c => c.h.StartsWith("probability:", StringComparison.Ordinal)).ToList();
                if (rev < 0 || model < 0 || version < 0 || prediction < 0 || (probability < 0 && classColumns.Count == 0))
                {
                    errors.Add(new LineError(firstLine, ImportProblem.MissingScoreColumns, LineError.Quote(first)));
                    return (format, 0, 0, errors);
                }
                // Which of two columns of one name holds the score cannot be told: refused, as an artifact list's header is.
                if (DelimitedLine.NamedTwice(header) is { } twice)
                {
                    errors.Add(new LineError(firstLine, ImportProblem.DuplicateColumn, LineError.Quote(twice)));
                    return (format, 0, 0, errors);
                }
                await foreach (var (number, line) in LinesAsync(firstLine))
                {
                    var fields = DelimitedLine.Split(line, ',');
                    if (fields is null)
                    {
                        errors.Add(new LineError(number, ImportProblem.MalformedCsv, LineError.Quote(line)));
                        continue;
                    }
                    // Every column of a score row is needed, and a cell more could belong to none.
                    if (fields.Length != header.Length)
                    {
                        errors.Add(new LineError(number, ImportProblem.CellCount, fields.Length.ToString(CultureInfo.InvariantCulture)));
                        continue;
                    }
                    if (ArtifactListParser.RevIdProblem(fields[rev], out var revId) is { } badRevId)
                    {
                        errors.Add(new LineError(number, badRevId, LineError.Quote(fields[rev])));
                        continue;
                    }
                    var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
                    string? badProbability = null;
                    bool Probability(string field, out double value)
                    {
                        var ok = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1;
                        badProbability ??= ok ? null : field.Trim();
                        return ok;
                    }
                    if (probability >= 0 && Probability(fields[probability], out var positive))
                    {
                        probabilities["true"] = positive;
                        probabilities["false"] = 1 - positive;
                    }
                    foreach (var (name, index) in classColumns)
                    {
                        if (Probability(fields[index], out var p))
                        {
                            probabilities[name["probability:".Length..]] = p;
                        }
                    }
                    if (badProbability is not null)
                    {
                        errors.Add(new LineError(number, ImportProblem.BadProbability, LineError.Quote(badProbability, 40)));
                        continue;
                    }
                    if (PredictionToken(fields[prediction].Trim(), probability >= 0, classColumns) is not { } token)
                    {
                        errors.Add(new LineError(number, ImportProblem.BadPrediction, LineError.Quote(fields[prediction].Trim(), 40)));
                        continue;
                    }
                    Accept(number, [new ScoreResult(wiki, fields[model].Trim(), fields[version].Trim(), revId, token, probabilities, null, null)]);
                    Report(progress, counting, totalBytes, rows);
                }
            }
        }
        catch (ImportTooLargeException tooLarge)
        {
            errors.Add(new LineError(linesRead + 1, ImportProblem.TooLarge, Math.Ceiling(tooLarge.Limit / 1048576.0).ToString(CultureInfo.InvariantCulture)));
        }
        progress?.Report(new ImportProgress(ImportPhase.Reading, counting.BytesRead, totalBytes, rows, 0));
        await output.FlushAsync(cancellationToken);
        return (format, rows, valid, errors);
    }

    private static void Report(IProgress<ImportProgress>? progress, CountingStream counting, long? totalBytes, long rows)
    {
        if (rows % 2_000 == 0)
        {
            progress?.Report(new ImportProgress(ImportPhase.Reading, counting.BytesRead, totalBytes, rows, 0));
        }
    }

    /// <summary>A model's name or version as stored and shown: at most 64 characters, none of them a control character.</summary>
    private static bool IsModelText(string text) => text.Length <= MaxModelText && !text.Any(char.IsControl);

    private const int MaxModelText = 64;

    private static bool IsCompleteJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// A CSV row's prediction as ORES writes it: with a <c>probability</c> column (a yes-or-no model) <c>true</c> or
    /// <c>false</c>, in any case (Python writes True and False); with <c>probability:</c>class columns one of those
    /// classes, as a JSON string. Null for anything else: stored, "maybe" or "True" would be shown as the model's answer
    /// and never agree with a reviewer's.
    /// </summary>
    private static string? PredictionToken(string predicted, bool yesOrNo, IReadOnlyList<(string Header, int Index)> classColumns) =>
        yesOrNo
            ? (predicted.Equals("true", StringComparison.OrdinalIgnoreCase) ? "true" : predicted.Equals("false", StringComparison.OrdinalIgnoreCase) ? "false" : null)
            : classColumns.Any(c => c.Header.AsSpan("probability:".Length).SequenceEqual(predicted)) ? JsonSerializer.Serialize(predicted) : null;

    /// <summary>
    /// Text that is not JSON is reported with where it breaks; a prediction none of the probability's classes, with the
    /// prediction; other JSON that is not an ORES score, with what is missing.
    /// </summary>
    private static LineError Rejected(long line, ScoreSourceException failure) =>
        failure.JsonPosition is { } position ? new LineError(line, ImportProblem.MalformedJson, position)
        : failure.Prediction is { } prediction ? new LineError(line, ImportProblem.BadPrediction, LineError.Quote(prediction, 40))
        : new LineError(line, ImportProblem.BadScore, LineError.Quote(failure.Message));

    /// <summary>One prepared UPSERT per score: a later file replaces the same (wiki, model, version, revision).</summary>
    private static async Task<long> StoreAsync(CommandContext context, Stream spool, long count, string sourceName, IProgress<ImportProgress>? progress, long? totalBytes, long rows, CancellationToken cancellationToken)
    {
        await using var upsert = await StoreCommand.CreateAsync(context.Db, """
            INSERT INTO scores ("Wiki", "Model", "ModelVersion", "RevId", "Prediction", "Probabilities", "ErrorType", "ErrorMessage", "Source", "FetchedAt")
            VALUES (@wiki, @model, @version, @rev, @prediction, @probabilities, @errorType, @errorMessage, @source, @at)
            ON CONFLICT ("Wiki", "Model", "ModelVersion", "RevId") DO UPDATE SET "Prediction" = excluded."Prediction", "Probabilities" = excluded."Probabilities",
                "ErrorType" = excluded."ErrorType", "ErrorMessage" = excluded."ErrorMessage", "Source" = excluded."Source", "FetchedAt" = excluded."FetchedAt"
            """, cancellationToken);
        var (wiki, model, version, rev) = (upsert.Parameter("@wiki"), upsert.Parameter("@model"), upsert.Parameter("@version"), upsert.Parameter("@rev"));
        var (prediction, probabilities, errorType, errorMessage) = (upsert.Parameter("@prediction"), upsert.Parameter("@probabilities"), upsert.Parameter("@errorType"), upsert.Parameter("@errorMessage"));
        upsert.Parameter("@source", sourceName);
        upsert.Parameter("@at", StoredTime.ToStored(context.Now));
        using var reader = new StreamReader(spool, Encoding.UTF8, leaveOpen: true);
        long stored = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var result = JsonSerializer.Deserialize<ScoreResult>(line)!;
            wiki.Set(result.Wiki);
            model.Set(result.Model);
            version.Set(result.ModelVersion);
            rev.Set(result.RevId);
            prediction.Set(result.Prediction);
            probabilities.Set(result.Probabilities is null ? null : JsonSerializer.Serialize(result.Probabilities));
            errorType.Set(result.ErrorType);
            errorMessage.Set(result.ErrorMessage);
            await upsert.ExecuteAsync(cancellationToken);
            if (++stored % 2_000 == 0)
            {
                progress?.Report(new ImportProgress(ImportPhase.Storing, 0, totalBytes, rows, stored));
            }
        }
        progress?.Report(new ImportProgress(ImportPhase.Storing, 0, totalBytes, rows, stored));
        return stored;
    }
}
