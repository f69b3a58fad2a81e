using System.Globalization;
using JadeStudio.Core.Artifacts;
using JadeStudio.Core.Text;
using JadeStudio.Core.Wikis;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/wikis: the configured wikis and their artifacts.</summary>
public static class WikisApi
{
    public sealed record ArtifactListDto(IReadOnlyList<ArtifactRowDto> Artifacts, int Total, string? Next);

    public sealed record ArtifactRowDto(string Id, string? PageTitle, int Proposals, bool Disputed, bool Demo);

    public static RouteGroupBuilder MapWikisApi(this RouteGroupBuilder api)
    {
        var wikis = api.MapGroup("/wikis").WithTags("Wikis");
        wikis.MapGet("", (WikiCatalog catalog) => ApiJson.Json(catalog.All.Select(ApiModels.Wiki).ToList()))
            .WithName("listWikis").WithSummary("The configured wikis.").Produces<List<WikiDto>>();
        wikis.MapGet("/{wiki}", (string wiki, WikiCatalog catalog, HttpContext context) =>
                catalog.Find(wiki) is { } found ? ApiJson.Json(ApiModels.Wiki(found)) : ApiProblem.Of(new Core.Commands.JadeError.InvalidArtifactId(ArtifactKeyProblem.UnknownWiki), ApiCaller.Of(context).Actor))
            .WithName("getWiki").WithSummary("One wiki.").Produces<WikiDto>();
        wikis.MapGet("/{wiki}/artifacts", ListArtifactsAsync)
            .WithName("listArtifacts").WithSummary("A wiki's artifacts, newest revision first; filter=all|judged|disputed|unjudged; cursor pages. total: the wiki's artifacts for the filter, counted again at most every 30 seconds while writes go on.").Produces<ArtifactListDto>();
        return api;
    }

    private static async Task<IResult> ListArtifactsAsync(string wiki, string? filter, string? cursor, int? limit, HttpContext context, WikiCatalog catalog, ArtifactQueries queries,
        WikiSummaries summaries)
    {
        if (catalog.Find(wiki) is null)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.InvalidArtifactId(ArtifactKeyProblem.UnknownWiki), ApiCaller.Of(context).Actor);
        }
        var chosen = ArtifactFilter.All;
        if (filter is not null && !EnumNames.TryParse(filter, out chosen))
        {
            return ApiProblem.BadRequest("filter must be one of all, judged, disputed, unjudged.");
        }
        var position = Cursor.Start;
        if (cursor is not null && !Cursor.TryDecode(cursor, out position))
        {
            return ApiProblem.BadRequest("Unknown cursor.");
        }
        if (ApiProblem.LimitOutOfRange(limit, 500) is { } outOfRange)
        {
            return outOfRange;
        }
        var take = limit ?? 50;
        // One more than the page, to know whether another follows without counting the rest.
        var rows = position.Offset is { } offset
            ? await queries.ListAsync(wiki, null, chosen, ArtifactSort.Newest, offset, take + 1, context.RequestAborted)
            : await queries.NewestAfterAsync(wiki, chosen, position.After, take + 1, context.RequestAborted);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? Cursor.Following(page[^1].Key) : null;
        var total = (await summaries.GetAsync(context.RequestAborted)).Of(wiki).Count(chosen);
        return ApiJson.Json(new ArtifactListDto(page.Select(r => new ArtifactRowDto(r.Key.ToString(), r.PageTitle, r.Proposals, r.Disputed, r.IsDemo)).ToList(), total, next));
    }

    /// <summary>
    /// Where a page of artifacts continues: after an artifact (newest first, "k" and its revision and type), so that a page
    /// deep in the list is read from where the last one ended; or, from cursors handed out before, at an offset ("o").
    /// </summary>
    private readonly record struct Cursor(ArtifactKey? After, int? Offset)
    {
        public static readonly Cursor Start = new(null, null);

        public static string Following(ArtifactKey key) =>
            CursorText.Encode("k" + key.RevId.ToString(CultureInfo.InvariantCulture) + "." + ArtifactKey.TypeName(key.Type));

        public static bool TryDecode(string cursor, out Cursor position)
        {
            position = Start;
            if (!CursorText.TryDecode(cursor, 64, out var text))
            {
                return false;
            }
            if (text.StartsWith('o') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                position = new Cursor(null, offset);
                return true;
            }
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (text.StartsWith('k') && dot > 1 && long.TryParse(text.AsSpan(1, dot - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revId)
                && ArtifactKey.TryParseType(text[(dot + 1)..], out var type))
            {
                // The wiki is the request's: a cursor carries only the place in its list.
                position = new Cursor(new ArtifactKey("", type, revId), null);
                return true;
            }
            return false;
        }
    }
}
