namespace JadeStudio.Core.Imports;

public enum ImportFormat
{
    JsonLines,
    Csv,
    Tsv,
    PlainIds,
}

public enum ImportMode
{
    /// <summary>Any bad line: nothing is imported (the default).</summary>
    AllOrNothing,
    /// <summary>Bad lines are reported and skipped; the valid ones are imported.</summary>
    ValidLinesOnly,
}

public enum ImportProblem
{
    MalformedJson,
    NotAnObject,
    MissingRevId,
    BadRevId,
    NotCanonical,
    MissingRevIdColumn,
    MalformedCsv,
    TooLarge,
    Empty,
    WrongWiki,
    BadScore,
    MissingScoreColumns,
    BadProbability,
    DuplicateColumn,
    DuplicateField,
    /// <summary>Bytes that are not UTF-8 (a file saved as Latin-1 or Windows-1252): stored, its letters would be lost.</summary>
    NotUtf8,
    /// <summary>The NUL character (U+0000), raw or escaped, which no store may hold (PostgreSQL refuses it in text).</summary>
    NulCharacter,
    /// <summary>A CSV or TSV row with more cells than its header names: which column a cell belongs to cannot be told.</summary>
    CellCount,
    /// <summary>A score's model name that is empty, too long or holds control characters.</summary>
    BadModel,
    /// <summary>A score's model version that is too long or holds control characters.</summary>
    BadModelVersion,
    /// <summary>A score row's prediction that is not one of the model's classes (true or false, or a class given a probability).</summary>
    BadPrediction,
    /// <summary>A line longer than an upload's line may be (its detail: the limit in megabytes); not read, so not checked further.</summary>
    LineTooLong,
}

/// <summary>A rejected line: its number, why, and a detail the reason's message shows (a value, a position) — never a library's own message.</summary>
public sealed record LineError(long Line, ImportProblem Problem, string? Detail)
{
    /// <summary>
    /// What a report quotes of a refused value or line: at most <paramref name="max"/> characters and an ellipsis (a
    /// line may be megabytes), never half of a character outside the basic plane.
    /// </summary>
    public static string Quote(string text, int max = 120) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)] + "…";

    /// <summary>Where in the line JSON stopped being valid, counted from 1 as people count characters.</summary>
    public static string JsonPosition(System.Text.Json.JsonException exception) =>
        ((exception.BytePositionInLine ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public enum ImportPhase
{
    /// <summary>Reading and checking the upload.</summary>
    Reading,
    /// <summary>Writing the checked rows to the database.</summary>
    Storing,
}

public sealed record ImportProgress(ImportPhase Phase, long BytesRead, long? TotalBytes, long RowsRead, long RowsStored);

/// <summary>What an upload did: counts, and every rejected line with its number and reason.</summary>
public sealed record ImportReport(
    ImportFormat Format,
    ImportMode Mode,
    long RowsRead,
    long Imported,
    long Duplicates,
    IReadOnlyList<LineError> Errors,
    bool Committed)
{
    public long Rejected => Errors.Count;
}
