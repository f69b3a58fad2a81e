namespace JadeStudio.Core.Dumps;

/// <summary>The column types a dump uses (Parquet's logical types; JSON numbers, strings and booleans).</summary>
public enum DumpType
{
    Int64,
    Double,
    Boolean,
    Text,
    /// <summary>UTC, written as ISO 8601 in JSON Lines and as a timestamp in Parquet.</summary>
    Timestamp,
}

public sealed record DumpColumn(string Name, DumpType Type);

/// <summary>What kind of value a hideable group of columns carries.</summary>
public enum HideableKind
{
    /// <summary><c>X_text_id</c>, <c>X</c>, <c>X_hidden</c>: a stored text, hidden by its own visibility.</summary>
    Text,
    /// <summary><c>X_id</c>, <c>X_name</c>, <c>X_hidden</c>: a user here, hidden on the item or as an account (hideuser).</summary>
    User,
    /// <summary>A wiki editor's name (<c>X</c>, <c>X_hidden</c>): the same name as an account here, removed when that account is hidden.</summary>
    EditorName,
    /// <summary>An uploaded task's data (<c>X</c>, <c>X_hidden</c>): its editor fields naming a hidden account are set to null.</summary>
    TaskData,
}

/// <summary>
/// Columns that hold one hideable value. <see cref="Id"/> is the column that names what decides its visibility (a
/// text id or a user id, kept in public dumps: it is no hidden value), <see cref="Value"/> the value a reader without
/// the right never receives, <see cref="Hidden"/> the flag that says a value was there.
/// </summary>
public sealed record Hideable(string Prefix, HideableKind Kind, int Id, int Value, int Hidden)
{
    /// <summary>The field name redaction lists use.</summary>
    public string Field => Prefix;
}

/// <summary>
/// One table of a dump: its columns (the first is the key, rows come in its order) and the hideable values among them.
/// Rows are arrays of column values.
/// </summary>
public sealed class DumpTable
{
    private readonly Dictionary<string, int> _index;

    public DumpTable(string name, IReadOnlyList<DumpColumn> columns, IReadOnlyList<(string Prefix, HideableKind Kind)> hideables)
    {
        Name = name;
        Columns = columns;
        _index = columns.Select((c, i) => (c.Name, i)).ToDictionary(c => c.Name, c => c.i, StringComparer.Ordinal);
        Hideables = hideables.Select(h => h.Kind switch
        {
            HideableKind.Text => new Hideable(h.Prefix, h.Kind, this[$"{h.Prefix}_text_id"], this[h.Prefix], this[$"{h.Prefix}_hidden"]),
            HideableKind.User => new Hideable(h.Prefix, h.Kind, this[$"{h.Prefix}_id"], this[$"{h.Prefix}_name"], this[$"{h.Prefix}_hidden"]),
            HideableKind.EditorName or HideableKind.TaskData => new Hideable(h.Prefix, h.Kind, this[h.Prefix], this[h.Prefix], this[$"{h.Prefix}_hidden"]),
            _ => throw new ArgumentOutOfRangeException(nameof(hideables), h.Kind, null),
        }).ToList();
    }

    public string Name { get; }
    public IReadOnlyList<DumpColumn> Columns { get; }
    public IReadOnlyList<Hideable> Hideables { get; }

    public int this[string column] => _index[column];

    public object?[] NewRow() => new object?[Columns.Count];

    /// <summary>The three columns of a stored text (its id, the text, whether it is hidden from the public).</summary>
    public static IEnumerable<DumpColumn> TextColumns(string prefix) =>
        [new($"{prefix}_text_id", DumpType.Int64), new(prefix, DumpType.Text), new($"{prefix}_hidden", DumpType.Boolean)];

    /// <summary>The three columns of a user reference (id, name, whether it is hidden from the public).</summary>
    public static IEnumerable<DumpColumn> UserColumns(string prefix) =>
        [new($"{prefix}_id", DumpType.Int64), new($"{prefix}_name", DumpType.Text), new($"{prefix}_hidden", DumpType.Boolean)];
}
