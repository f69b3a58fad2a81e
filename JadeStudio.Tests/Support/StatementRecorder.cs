using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JadeStudio.Tests.Support;

/// <summary>
/// Records the statements EF Core sends to one database while it is recorded (tests of other databases run alongside
/// in the same process, so statements are kept by the database they went to), the savepoints it creates there and the
/// saves of contexts on it.
/// Create it before the contexts to record: a context that once found nobody listening stops asking for a second
/// (EF Core's logging cache), and the writer reuses its contexts.
/// </summary>
public sealed class StatementRecorder : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private string? _database;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<string> _statements = [];
    private int _savepoints;
    private int _saves;

    public StatementRecorder() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    /// <summary>Records from now on what goes to this connection's database (its data source and name identify it).</summary>
    public void Record(DbConnection database) => Volatile.Write(ref _database, Identify(database));

    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements];
            }
        }
    }

    public int Savepoints => Volatile.Read(ref _savepoints);

    /// <summary>The SaveChanges calls of contexts on the recorded database (each at least one round trip when it writes).</summary>
    public int Saves => Volatile.Read(ref _saves);

    private static string Identify(DbConnection connection) => connection.DataSource + "/" + connection.Database;

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        switch (value.Value)
        {
            case CommandEventData command when value.Key == RelationalEventId.CommandExecuting.Name && Identify(command.Command.Connection!) == Volatile.Read(ref _database):
                lock (_statements)
                {
                    _statements.Add(command.Command.CommandText);
                }
                break;
            case TransactionEventData transaction when value.Key == RelationalEventId.CreatingTransactionSavepoint.Name && Identify(transaction.Transaction.Connection!) == Volatile.Read(ref _database):
                Interlocked.Increment(ref _savepoints);
                break;
            case DbContextEventData save when value.Key == CoreEventId.SaveChangesStarting.Name && save.Context is { } context && Identify(context.Database.GetDbConnection()) == Volatile.Read(ref _database):
                Interlocked.Increment(ref _saves);
                break;
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
