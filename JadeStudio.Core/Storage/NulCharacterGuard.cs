using System.Data.Common;
using JadeStudio.Core.Commands;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JadeStudio.Core.Storage;

/// <summary>
/// No text with the NUL character (U+0000) reaches either store: PostgreSQL cannot hold one (the statement fails),
/// SQLite's full-text search stops reading a query at it, and a SQLite file holding one could not be copied to
/// PostgreSQL. Every statement EF Core sends passes here, whatever asked for it (a page, the API, a job, a save or a
/// lookup), so such a text is refused as <see cref="JadeError.NulCharacter"/> before it is sent, the same on both stores.
/// </summary>
public sealed class NulCharacterGuard : DbCommandInterceptor
{
    public static readonly NulCharacterGuard Instance = new();

    private NulCharacterGuard()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Checked(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Checked(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Checked(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Checked(command, result));

    private static T Checked<T>(DbCommand command, T result)
    {
        Check(command);
        return result;
    }

    /// <summary>The same refusal for a statement sent past EF Core (on the store's own connection).</summary>
    public static void Check(DbCommand command)
    {
        foreach (DbParameter parameter in command.Parameters)
        {
            Check(parameter.Value as string);
        }
    }

    /// <summary>Refuses a text holding U+0000 as <see cref="JadeError.NulCharacter"/>.</summary>
    public static void Check(string? text)
    {
        if (text is not null && text.Contains('\0'))
        {
            throw new JadeException(new JadeError.NulCharacter());
        }
    }
}
