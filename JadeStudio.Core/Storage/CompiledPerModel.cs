using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace JadeStudio.Core.Storage;

/// <summary>
/// A query compiled once per model (<see cref="EF.CompileAsyncQuery{TContext, TResult}(System.Linq.Expressions.Expression{Func{TContext, DbSet{TResult}}})"/>):
/// EF Core refuses a compiled query on a context whose model is not the one it was compiled against, and the readers'
/// contexts, the single writer's and each test host's have models of their own. Hot paths (every command's actor, every
/// screened text) use this instead of translating the same LINQ again per call.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _compiled = [];

    public TQuery For(DbContext db) => _compiled.GetValue(db.Model, _ => compile());
}
