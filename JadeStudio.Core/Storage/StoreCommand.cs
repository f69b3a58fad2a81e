using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace JadeStudio.Core.Storage;

/// <summary>
/// A prepared statement in SQL that both stores read alike (quoted names, <c>@</c> parameters, <c>ON CONFLICT</c>), on a
/// context's connection and transaction, for writes repeated per row where EF Core's change tracking would cost more
/// than the write.
/// </summary>
public sealed class StoreCommand : IAsyncDisposable
{
    private readonly DbCommand _command;

    private StoreCommand(DbCommand command) => _command = command;

    public static async Task<StoreCommand> CreateAsync(JadeDbContext db, string sql, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return new StoreCommand(command);
    }

    /// <summary>Adds a parameter (<c>@name</c>) and returns it, to set its value per row.</summary>
    public DbParameter Parameter(string name, object? value = null)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        _command.Parameters.Add(parameter);
        return parameter;
    }

    public Task<int> ExecuteAsync(CancellationToken cancellationToken = default)
    {
        // Sent past EF Core, so past its interceptors: the NUL character is refused here as it is there.
        NulCharacterGuard.Check(_command);
        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}

public static class StoreParameterExtensions
{
    /// <summary>Sets a parameter's value, null as SQL NULL.</summary>
    public static void Set(this DbParameter parameter, object? value) => parameter.Value = value ?? DBNull.Value;
}
