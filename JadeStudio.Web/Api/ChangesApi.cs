using JadeStudio.Core.Changes;
using JadeStudio.Core.Events;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Visibility;
using JadeStudio.Core.Wikis;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace JadeStudio.Web.Api;

/// <summary>
/// /api/v1/recentchanges and /api/v1/users/{id}/contributions: the lists behind the pages of the same names, with the same
/// filters under the same parameter names, newest first; <c>next</c> continues with older rows.
/// </summary>
public static class ChangesApi
{
    public static RouteGroupBuilder MapChangesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/recentchanges", RecentChangesAsync).WithTags("Changes").WithName("recentChanges")
            .WithSummary("Judgments, endorsements, comments, labels and public visibility changes, newest first. Filters as on the page: wiki, kinds, user, hidebots (default 1), hidehumans, experience, hidemyself, disputed, nopreferred, days (default 7), limit; cursor continues.")
            .Produces<ChangePageDto>().DocumentsFilters(ChangeFilter.ParameterNames);
        api.MapGet("/users/{id:long}/contributions", ContributionsAsync).WithTags("Changes").WithName("userContributions")
            .WithSummary("A user's judgments, endorsements, comments and labels, newest first, with the filters of recent changes (all time unless days is given).")
            .Produces<ChangePageDto>().DocumentsFilters(ChangeFilter.ParameterNames.Where(name => name != "user"));
        return api;
    }

    /// <summary>The filters are read from the query by <see cref="ChangeFilter.Parse"/> (the page's names), not bound one by one, so they are described here.</summary>
    private static RouteHandlerBuilder DocumentsFilters(this RouteHandlerBuilder builder, IEnumerable<string> names) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var name in names)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Description = FilterDescription(name),
                    Schema = name switch
                    {
                        "days" => new OpenApiSchema { Type = JsonSchemaType.Number, ExclusiveMinimum = "0", Maximum = Invariant(ChangeFilter.MaxDays) },
                        "limit" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = Invariant(ChangeFilter.MaxLimit) },
                        "wiki" or "kinds" or "user" or "experience" => new OpenApiSchema { Type = JsonSchemaType.String },
                        _ => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. new[] { "1", "0", "true", "false" }.Select(flag => (System.Text.Json.Nodes.JsonNode)flag!)] },
                    },
                });
            }
            return Task.CompletedTask;
        });

    private static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string FilterDescription(string name) => name switch
    {
        "wiki" => "Only this wiki's changes (its id, e.g. enwiki).",
        "kinds" => "Comma list of kinds: " + string.Join(", ", Enum.GetValues<ChangeKind>().Select(ChangeKinds.NameOf)) + ".",
        "user" => "Only this user's changes (the name).",
        "experience" => "Comma list of performers' experience levels: " + string.Join(", ", Enum.GetValues<ExperienceLevel>().Select(ChangeKinds.NameOf)) + ".",
        "days" => "How many days back.",
        "limit" => "Rows per page.",
        "hidebots" => "Leave out bots' changes (1, the default on recent changes) or show them (0).",
        "hidehumans" => "Leave out people's changes.",
        "hidemyself" => "Leave out the caller's own changes.",
        "disputed" => "Only artifacts whose judgments disagree.",
        "nopreferred" => "Only artifacts without a preferred judgment.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Every filter ChangeFilter reads needs a description."),
    };

    private static async Task<IResult> RecentChangesAsync(HttpContext context, RecentChanges changes, WikiCatalog wikis, string? cursor)
    {
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        return await ListAsync(context, changes, wikis, cursor, ChangeFilter.RecentChanges, viewer);
    }

    private static async Task<IResult> ContributionsAsync(long id, string? cursor, HttpContext context, RecentChanges changes, WikiCatalog wikis, IDbContextFactory<JadeDbContext> contexts)
    {
        var viewer = await ApiCaller.Of(context).LoadAsync(context);
        await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, context.RequestAborted);
        // A hidden account is answered exactly like a missing one.
        if (user is null || (user.Hidden && !Redaction.CanSee(FieldVisibility.Suppressed, viewer.Rights)))
        {
            return ApiProblem.Of(new Core.Commands.JadeError.EntityNotFound("user"), ApiCaller.Of(context).Actor);
        }
        if (context.Request.Query.ContainsKey("user"))
        {
            return ApiProblem.BadRequest("The user is the one in the path; 'user' is not a filter here.");
        }
        return await ListAsync(context, changes, wikis, cursor, ChangeFilter.Contributions(user.Name), viewer);
    }

    private static async Task<IResult> ListAsync(HttpContext context, RecentChanges changes, WikiCatalog wikis, string? cursor, ChangeFilter defaults, Core.Permissions.Actor viewer)
    {
        var parse = ChangeFilter.Parse(name => context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null, id => wikis.Find(id) is not null, defaults);
        if (parse is ChangeFilterParse.Invalid invalid)
        {
            return ApiProblem.Of(new Core.Commands.JadeError.InvalidFilter(invalid.Parameter), ApiCaller.Of(context).Actor);
        }
        if (!ApiWrites.TryOlderThan(cursor, out var olderThan, out var badCursor))
        {
            return badCursor;
        }
        var page = await changes.ReadAsync(((ChangeFilterParse.Valid)parse).Filter, viewer, olderThan, cancellationToken: context.RequestAborted);
        return ApiJson.Json(new ChangePageDto(page.Items.Select(ApiModels.Event).ToList(), page.OlderThan is { } older ? FeedCursor.Encode(older) : null));
    }
}
