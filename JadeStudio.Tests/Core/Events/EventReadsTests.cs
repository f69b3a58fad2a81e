using System.Text.Json;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;
using JadeStudio.Core.Visibility;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.Events;

/// <summary>
/// The feed's rows as the store's own reader reads them (SQLite's API, Npgsql's reader; the suite runs on each store) are
/// exactly the rows EF Core reads, for every filter the feed uses.
/// </summary>
public sealed class EventReadsTests : IAsyncLifetime
{
    private readonly CoreHarness _node = new();

    public async Task InitializeAsync()
    {
        (await _node.Writer.ExecuteAsync(context =>
        {
            // Every column set, none at its default.
            context.Emit(new StoredEvent
            {
                Type = EventType.ProposalCreated,
                ActorId = 7,
                ActorVisibility = FieldVisibility.Deleted,
                SubjectVisibility = FieldVisibility.Suppressed,
                Audience = EventAudience.DeletionLog,
                Wiki = "enwiki",
                ArtifactId = 11,
                Facet = "damaging",
                ProposalId = 13,
                EndorsementId = 17,
                SubjectUserId = 19,
                LabelData = "{\"damaging\":true}",
                PreviousLabelData = "{\"damaging\":false}",
                TextId = 23,
                PreviousTextId = 29,
                Data = "{\"n\":1}",
                Tags = "mw-reverted nuke",
            });
            // Every nullable column null.
            context.Emit(new StoredEvent { Type = EventType.ArtifactsImported });
            context.Emit(new StoredEvent { Type = EventType.CommentPosted, ActorId = 8, Wiki = "frwiki", ArtifactId = 12, TextId = 31, Audience = EventAudience.SuppressionLog });
            context.Emit(new StoredEvent { Type = EventType.ProposalCreated, ActorId = 7, Wiki = "enwiki", ArtifactId = 12, Tags = "mw-rollback" });
            return Task.FromResult(true);
        })).OrThrow();
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private static string Json(IEnumerable<StoredEvent> rows) => JsonSerializer.Serialize(rows);

    private async Task<(string Store, string EfCore)> BothAsync(Func<IQueryable<StoredEvent>, IQueryable<StoredEvent>> query)
    {
        await using var db = _node.Database.CreateDbContext();
        var store = await _node.Database.Store.EventReads.ToListAsync(db, query(db.Events.AsNoTracking().OrderBy(e => e.Seq)));
        var efCore = await query(db.Events.AsNoTracking().OrderBy(e => e.Seq)).ToListAsync();
        Assert.NotEmpty(efCore);
        return (Json(store), Json(efCore));
    }

    [Fact]
    public async Task Every_column_of_every_row_is_read_as_EF_Core_reads_it()
    {
        var (store, efCore) = await BothAsync(events => events);

        Assert.Equal(efCore, store);
        var first = JsonDocument.Parse(store).RootElement[0];
        Assert.All(first.EnumerateObject(), column => Assert.NotEqual(JsonValueKind.Null, column.Value.ValueKind));
        Assert.Equal(19, first.EnumerateObject().Count());
    }

    [Fact]
    public async Task A_column_the_reader_does_not_read_or_a_property_the_query_does_not_select_stops_the_read()
    {
        await using var db = _node.Database.CreateDbContext();
        var columns = db.Model.FindEntityType(typeof(StoredEvent))!.GetProperties().Select(p => p.Name).ToList();
        _ = new StoredEventColumns(db, columns);

        // A property added to StoredEvent (a column the reader does not know) must not be dropped from the feed silently.
        var added = Assert.Throws<InvalidOperationException>(() => new StoredEventColumns(db, [.. columns, "Reason"]));
        Assert.Contains("Reason", added.Message);
        var missing = Assert.Throws<InvalidOperationException>(() => new StoredEventColumns(db, columns.Where(c => c != nameof(StoredEvent.Tags)).ToList()));
        Assert.Contains(nameof(StoredEvent.Tags), missing.Message);
    }

    [Fact]
    public async Task Each_of_the_feeds_filters_binds_its_parameters_and_selects_the_same_rows()
    {
        var anonymous = await _node.ViewerAsync(ActorRef.Anonymous);
        List<EventType> types = [EventType.CommentPosted, EventType.ArtifactsImported];
        List<long> artifacts = [12];
        var filters = new Func<IQueryable<StoredEvent>, IQueryable<StoredEvent>>[]
        {
            events => events.ReadableBy(anonymous),
            events => events.Where(e => e.Seq > 1).Take(2),
            events => events.Where(e => types.Contains(e.Type)),
            events => events.Where(e => e.ArtifactId != null && artifacts.Contains(e.ArtifactId.Value)),
            events => events.Where(e => e.Wiki == "enwiki" && e.ActorId == 7),
            events => events.Where(e => e.Audience == EventAudience.SuppressionLog),
            events => events.Where(e => e.ActorId != 8).OrderByDescending(e => e.Seq),
        };
        foreach (var filter in filters)
        {
            var (store, efCore) = await BothAsync(filter);
            Assert.Equal(efCore, store);
        }
    }
}
