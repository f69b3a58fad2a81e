using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Events;
using JadeStudio.Core.Users;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Events;

/// <summary>Each store reads a page's texts, names and keys with SQL of its own: the same rows EF Core reads, on either store.</summary>
public sealed class EventLookupsTests : IAsyncLifetime
{
    private readonly CoreHarness _node = new();
    private readonly List<long> _texts = [], _users = [], _artifacts = [];

    public async Task InitializeAsync()
    {
        await using var db = _node.Database.CreateDbContext();
        var texts = new[] { new StoredText { Content = "seen" }, new StoredText { Content = "hidden \"quoted\" ünïcode ", Visibility = FieldVisibility.Suppressed } };
        var users = new[]
        {
            new User { Provider = "test", Subject = "1", Name = "Visible user" },
            new User { Provider = "test", Subject = "2", Name = "Hidden user", Hidden = true },
        };
        var artifacts = new[]
        {
            new Artifact { Wiki = "enwiki", Type = ArtifactType.Diff, RevId = 101 },
            new Artifact { Wiki = "cswiki", Type = ArtifactType.Revision, RevId = 202 },
        };
        db.AddRange(texts);
        db.AddRange(users);
        db.AddRange(artifacts);
        await db.SaveChangesAsync();
        _texts.AddRange(texts.Select(t => t.Id));
        _users.AddRange(users.Select(u => u.Id));
        _artifacts.AddRange(artifacts.Select(a => a.Id));
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task A_pages_texts_names_and_keys_are_the_rows_EF_Core_reads_and_ids_not_found_are_missing()
    {
        const long Missing = 987_654_321;
        await using var db = _node.Database.CreateDbContext();

        var found = await _node.Database.Store.EventReads.LookUpAsync(db, new EventLookupIds([.. _texts, Missing], [.. _users, Missing], [.. _artifacts, Missing]));

        var texts = await db.Texts.AsNoTracking().Where(t => _texts.Contains(t.Id)).ToListAsync();
        var users = await db.Users.AsNoTracking().Where(u => _users.Contains(u.Id)).ToListAsync();
        var artifacts = await db.Artifacts.AsNoTracking().Where(a => _artifacts.Contains(a.Id)).ToListAsync();
        Assert.Equal(texts.ToDictionary(t => t.Id, t => (t.Content, t.Visibility)), found.Texts.ToDictionary(t => t.Key, t => (t.Value.Content, t.Value.Visibility)));
        Assert.Equal(users.ToDictionary(u => u.Id, u => new EventUser(u.Name, u.Hidden)), found.Users);
        Assert.Equal(artifacts.ToDictionary(a => a.Id, a => a.Key), found.Artifacts);
        Assert.Contains(FieldVisibility.Suppressed, found.Texts.Values.Select(t => t.Visibility));
        Assert.Contains(true, found.Users.Values.Select(u => u.Hidden));
        Assert.Equal([ArtifactType.Diff, ArtifactType.Revision], found.Artifacts.Values.Select(k => k.Type).Order());
    }
}
