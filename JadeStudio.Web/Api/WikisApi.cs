using System.Globalization;
using System.Text;
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
            .WithName("listArtifacts").WithSummary("A wiki's artifacts, newest revision first; filter=all|judged|disputed|unjudged; cursor pages.").Produces<ArtifactListDto>();
        return api;
    }

    private static async Task<IResult> ListArtifactsAsync(string wiki, string? filter, string? cursor, int? limit, HttpContext context, WikiCatalog catalog, ArtifactQueries queries)
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
        var skip = 0;
        if (cursor is not null && !TryDecodeOffset(cursor, out skip))
        {
            return ApiProblem.BadRequest("Unknown cursor.");
        }
        var take = Math.Clamp(limit ?? 50, 1, 500);
        var page = await queries.ListAsync(wiki, null, chosen, skip, take, context.RequestAborted);
        var next = skip + page.Rows.Count < page.Total ? EncodeOffset(skip + page.Rows.Count) : null;
        return ApiJson.Json(new ArtifactListDto(page.Rows.Select(r => new ArtifactRowDto(r.Key.ToString(), r.PageTitle, r.Proposals, r.Disputed, r.IsDemo)).ToList(), page.Total, next));
    }

    private static string EncodeOffset(int offset) => Convert.ToBase64String(Encoding.ASCII.GetBytes("o" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static bool TryDecodeOffset(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(cursor + new string('=', (4 - cursor.Length % 4) % 4)));
            return text.StartsWith('o') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
