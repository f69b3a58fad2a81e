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

/// <summary>
/// The bad lines of an upload as it is checked: every one counted, the first <see cref="MaxListed"/> kept with their
/// number and reason, and those about the whole upload (too large, empty, its header) always kept. Listing every one
/// made a 2 MB file of a million bad lines answer 50 MB and hold 300 MB while doing so.
/// </summary>
public sealed class LineErrors
{
    public const int MaxListed = 1_000;

    private readonly List<LineError> _listed = [];

    /// <summary>Every bad line, listed or not.</summary>
    public long Count { get; private set; }

    public IReadOnlyList<LineError> Listed => _listed;

    public void Add(LineError error)
    {
        Count++;
        if (_listed.Count < MaxListed || IsAboutTheUpload(error.Problem))
        {
            _listed.Add(error);
        }
    }

    /// <summary>Whether the upload as a whole is refused, whatever the mode (no line of it can be trusted).</summary>
    public bool RefuseTheUpload => _listed.Any(e => IsAboutTheUpload(e.Problem));

    private static bool IsAboutTheUpload(ImportProblem problem) =>
        problem is ImportProblem.TooLarge or ImportProblem.Empty or ImportProblem.MissingRevIdColumn or ImportProblem.MissingScoreColumns or ImportProblem.DuplicateColumn;
}

/// <summary>What an upload did: counts, and its rejected lines with their numbers and reasons (<see cref="LineErrors"/>).</summary>
public sealed record ImportReport(
    ImportFormat Format,
    ImportMode Mode,
    long RowsRead,
    long Imported,
    long Duplicates,
    IReadOnlyList<LineError> Errors,
    bool Committed)
{
    /// <summary>Every rejected line; <see cref="Errors"/> lists the first <see cref="LineErrors.MaxListed"/> of them.</summary>
    public long Rejected { get; init; } = Errors.Count;

    public ImportReport(ImportFormat Format, ImportMode Mode, long RowsRead, long Imported, long Duplicates, LineErrors Errors, bool Committed)
        : this(Format, Mode, RowsRead, Imported, Duplicates, Errors.Listed, Committed) => Rejected = Errors.Count;
}
