using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Core.Storage;

/// <summary>How both stores bind a list a query asks about (<c>ids.Contains(x.Id)</c>).</summary>
public static class ListParameters
{
    /// <summary>
    /// A list goes to the database as one parameter (SQLite reads it with <c>json_each</c>, PostgreSQL as an array).
    /// EF Core 10's default gives each element a parameter of its own, and a statement holds at most 32,766 of them
    /// on SQLite and 65,535 on PostgreSQL: a rollback of a user's 100,000 judgments failed with "too many SQL variables",
    /// and so would any other list that grows with the data. Each store's options pass this to
    /// <c>UseParameterizedCollectionMode</c>.
    /// </summary>
    public const ParameterTranslationMode Mode = ParameterTranslationMode.Parameter;
}
