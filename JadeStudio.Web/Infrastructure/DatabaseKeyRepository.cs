using System.Xml.Linq;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Data protection's key ring in the database (<see cref="StoredKey"/>), so every node that shares the database
/// signs and reads cookies with the same keys. Written by hand rather than with
/// Microsoft.AspNetCore.DataProtection.EntityFrameworkCore: that package wants the DbContext to implement its
/// interface, and the DbContext lives in Core, which references no ASP.NET Core. New keys go through the single
/// writer like every other change (data protection calls this synchronously, rarely: when a key is created).
/// </summary>
public sealed class DatabaseKeyRepository(IDbContextFactory<JadeDbContext> contexts, CommandWriter writer) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = contexts.CreateDbContext();
        return db.Keys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        writer.ExecuteAsync(context =>
        {
            context.Db.Keys.Add(new StoredKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            return Task.FromResult(true);
        }).GetAwaiter().GetResult().OrThrow();
}
