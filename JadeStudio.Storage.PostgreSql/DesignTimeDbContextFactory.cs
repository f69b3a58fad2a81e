using JadeStudio.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JadeStudio.Storage.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model (it connects to no server).</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<JadeDbContext>
{
    public JadeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        PostgresDatabase.Configure(options, "Host=localhost;Database=jadestudio_design");
        return new JadeDbContext(options.Options);
    }
}
