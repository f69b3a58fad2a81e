using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace JadeStudio.Core.Storage;

/// <summary>
/// A prepared statement stepped through SQLite's own API, for the few paths that run one statement a million
/// times (imports, the analysis): there a data reader's or command's per-call bookkeeping costs more than
/// SQLite's work. It runs on the connection's current transaction, like any command on that connection.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    /// <summary>The statement's own pointer, for reading columns (<see cref="Columns"/>); valid until <see cref="Dispose"/>.</summary>
    private readonly IntPtr _pointer;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        _pointer = Columns.OfTheSameLibrary ? _statement.DangerousGetHandle()
            : throw new InvalidOperationException($"SQLite is loaded as {raw.GetNativeLibraryName()}; {nameof(RawStatement)} reads columns through e_sqlite3.");
    }

    /// <summary>Binds a named parameter (<c>$name</c>); names the statement does not use are ignored.</summary>
    public RawStatement Bind(string name, object? value)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        if (index > 0)
        {
            Check(value switch
            {
                null => raw.sqlite3_bind_null(_statement, index),
                string text => BindText(index, text),
                long number => raw.sqlite3_bind_int64(_statement, index, number),
                int number => raw.sqlite3_bind_int64(_statement, index, number),
                bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
                _ => throw new ArgumentException($"Parameter {name} has an unsupported type {value.GetType().Name}.", nameof(value)),
            });
        }
        return this;
    }

    /// <summary>A parameter's position, for binding it once per row without looking its name up again.</summary>
    public int ParameterIndex(string name) =>
        raw.sqlite3_bind_parameter_index(_statement, name) is > 0 and var index ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string? text) => Check(text is null ? raw.sqlite3_bind_null(_statement, index) : BindText(index, text));

    // Past EF Core, so past NulCharacterGuard's interceptor: the same refusal here.
    private int BindText(int index, string text)
    {
        NulCharacterGuard.Check(text);
        return raw.sqlite3_bind_text(_statement, index, text);
    }

    public RawStatement Bind(IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            Bind(name, value);
        }
        return this;
    }

    /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
            return raw.sqlite3_changes(_database);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>The single value of a one-row, one-column query, or null without a row.</summary>
    public long? ScalarInt64()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_int64(_statement, 0);
            }
            Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
            return null;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>Calls <paramref name="row"/> for every row; read columns with <see cref="Int64"/>, <see cref="Double"/>, <see cref="IsNull"/>.</summary>
    public void ForEachRow(Action<RawStatement> row, CancellationToken cancellationToken)
    {
        try
        {
            int result;
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row(this);
            }
            Check(result == raw.SQLITE_DONE ? raw.SQLITE_OK : result);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public long Int64(int column) => Columns.Int64(_pointer, column);

    public double Double(int column) => Columns.Double(_pointer, column);

    public bool IsNull(int column) => Columns.Type(_pointer, column) == raw.SQLITE_NULL;

    public long? NullableInt64(int column) => IsNull(column) ? null : Columns.Int64(_pointer, column);

    /// <summary>A text column's value, or null.</summary>
    public string? Text(int column)
    {
        if (IsNull(column))
        {
            return null;
        }
        // The text first, then its length in bytes: the order SQLite documents for sqlite3_column_bytes.
        var text = Columns.Text(_pointer, column);
        return Marshal.PtrToStringUTF8(text, Columns.Bytes(_pointer, column));
    }

    /// <summary>The names of the columns the statement returns, in order.</summary>
    public List<string> ColumnNames() =>
        Enumerable.Range(0, raw.sqlite3_column_count(_statement)).Select(i => raw.sqlite3_column_name(_statement, i).utf8_to_string()).ToList();

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_database);

    public void Dispose() => _statement.Dispose();

    /// <summary>
    /// SQLite's column accessors, called with the statement's pointer. SQLitePCLRaw's own take the statement's safe handle,
    /// which adds a reference count taken and released around every call; a feed page reads 19 columns of 1,000 rows, and
    /// those calls were most of its fetch. These are the same functions of the same library (e_sqlite3, which
    /// Microsoft.Data.Sqlite loads), with plain arguments that need no marshalling.
    /// </summary>
    internal static class Columns
    {
        public const string Library = "e_sqlite3";

        /// <summary>Whether SQLitePCLRaw's provider is this library: a statement of another SQLite build must never reach these functions.</summary>
        public static readonly bool OfTheSameLibrary = raw.GetNativeLibraryName() == Library;

        [DllImport(Library, EntryPoint = "sqlite3_column_int64", ExactSpelling = true)]
        public static extern long Int64(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_double", ExactSpelling = true)]
        public static extern double Double(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_type", ExactSpelling = true)]
        public static extern int Type(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_text", ExactSpelling = true)]
        public static extern IntPtr Text(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_bytes", ExactSpelling = true)]
        public static extern int Bytes(IntPtr statement, int column);
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_database).utf8_to_string(), result);
        }
    }
}
