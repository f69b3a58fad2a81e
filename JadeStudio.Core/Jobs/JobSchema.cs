namespace JadeStudio.Core.Jobs;

/// <summary>
/// Quartz.NET's own tables, created by each store's migration from the script Quartz ships for its database, so that
/// `migrate` brings them with the rest of the schema and /readyz, the schema gate and `db copy` see one schema.
/// Quartz checks its tables when a node's scheduler starts; an upgrade of Quartz that changes them comes with a new
/// migration of ours.
/// </summary>
public static class JobSchema
{
    /// <summary>The prefix of Quartz's tables (lower case: PostgreSQL folds unquoted names).</summary>
    public const string TablePrefix = "qrtz_";

    /// <summary>The statements that create Quartz's tables in a database: <c>sqlite</c> or <c>postgres</c>.</summary>
    public static IReadOnlyList<string> CreateStatements(string dialect)
    {
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{dialect}.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz {typeof(Quartz.IScheduler).Assembly.GetName().Version} has no schema script {resource}.");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
        // Quartz separates its statements with a line reading "--;;"; the first piece is the script's header comment.
        return script.Split("\n--;;", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(statement => statement.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith("--", StringComparison.Ordinal)))
            .ToList();
    }
}
