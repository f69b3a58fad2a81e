using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace JadeStudio.Core.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<JadeDbContext>
{
    public JadeDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<JadeDbContext>();
        SqliteDatabase.Configure(options, Path.Combine(Path.GetTempPath(), "jadestudio-design.db"));
        return new JadeDbContext(options.Options);
    }
}
