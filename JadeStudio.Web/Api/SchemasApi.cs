using JadeStudio.Core.Schemas;

namespace JadeStudio.Web.Api;

/// <summary>/api/v1/schemas: the questions and facets labels must follow.</summary>
public static class SchemasApi
{
    public static RouteGroupBuilder MapSchemasApi(this RouteGroupBuilder api)
    {
        api.MapGet("/schemas", (SchemaCatalog catalog) => ApiJson.Json(ApiModels.Schemas(catalog)))
            .WithTags("Schemas").WithName("listSchemas").WithSummary("Every schema (with allowed values, per-wiki scales) and facet.").Produces<SchemasDto>();
        return api;
    }
}
