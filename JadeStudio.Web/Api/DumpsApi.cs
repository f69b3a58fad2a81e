using JadeStudio.Core.Commands;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Events;
using JadeStudio.Core.Permissions;

namespace JadeStudio.Web.Api;

public sealed record DumpDto(long Id, string Kind, string State, bool Available, long Position, string Cursor, long Done, long Total, long Bytes, int Redactions,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, DateTimeOffset? RewrittenAt, string Manifest, IReadOnlyList<string> Files);

/// <summary>/api/v1/dumps: the dumps (public to everyone, full with viewprivatedumps), their files, and a run on request.</summary>
public static class DumpsApi
{
    public static RouteGroupBuilder MapDumpsApi(this RouteGroupBuilder api)
    {
        var dumps = api.MapGroup("/dumps").WithTags("Dumps");
        dumps.MapGet("", ListAsync).WithName("listDumps")
            .WithSummary("Every dump, newest first: public dumps for everyone, full dumps with viewprivatedumps. 'available' says whether its files can be downloaded now.")
            .Produces<List<DumpDto>>();
        dumps.MapGet("/{id:long}", GetAsync).WithName("getDump").WithSummary("One dump and its files' addresses.").Produces<DumpDto>();
        dumps.MapGet("/{id:long}/files/{name}", FileAsync).WithName("getDumpFile")
            .WithSummary("One file of a dump (manifest.json, redactions.jsonl.gz, <table>.jsonl.gz, <table>.parquet); ranges supported. 409 while it is written or awaits a rewrite after a redaction.")
            .ProducesAlso(200, "application/json", FileDescription).ProducesAlso(200, "application/gzip", FileDescription)
            .ProducesAlso(200, "application/vnd.apache.parquet", FileDescription)
            .ProducesAlso(206, "application/gzip", "The range asked for (Range: bytes=…).").ProducesAlso(206, "application/vnd.apache.parquet", "The range asked for (Range: bytes=…).")
            .ProducesAlso(206, "application/json", "The range asked for (Range: bytes=…).")
            .Produces(304).Produces(416);
        dumps.MapPost("", RequestAsync).WithName("requestDumps").WithSummary("Writes a public and a full dump now (viewprivatedumps).")
            .Produces(202).RequireRateLimiting(ApiOptions.WritePolicy);
        return api;
    }

    private const string FileDescription = "The file: manifest.json, gzip-compressed JSON Lines or Parquet.";

    public static DumpDto Dto(DumpListing listing, string baseUrl)
    {
        var dump = listing.Dump;
        return new DumpDto(dump.Id, ApiProblem.Camel(dump.Kind.ToString()), ApiProblem.Camel(dump.State.ToString()), listing.Available, dump.Position, FeedCursor.Encode(dump.Position),
            dump.Done, dump.Total, dump.Bytes, dump.Redactions, dump.CreatedAt, dump.FinishedAt, dump.RewrittenAt, $"{baseUrl}/{dump.Id}/files/{DumpFiles.ManifestName}",
            DumpCatalog.FilesOf(dump.Kind).Select(name => $"{baseUrl}/{dump.Id}/files/{name}").ToList());
    }

    /// <summary>A refusal to serve a dump, as the API and the download route answer it.</summary>
    public static JadeError Error(DumpRefusal refusal) => refusal switch
    {
        DumpRefusal.NotFound => new JadeError.EntityNotFound("dump"),
        DumpRefusal.NoRight => new JadeError.PermissionDenied(Right.ViewPrivateDumps),
        DumpRefusal.NotReady or DumpRefusal.AwaitingRewrite => new JadeError.DumpUnavailable(refusal),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };

    private static async Task<IResult> ListAsync(HttpContext context, DumpCatalog catalog)
    {
        var reader = await ApiCaller.Of(context).LoadAsync(context);
        return ApiJson.Json((await catalog.ListAsync(reader, context.RequestAborted)).Select(l => Dto(l, "/api/v1/dumps")).ToList());
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, DumpCatalog catalog)
    {
        var caller = ApiCaller.Of(context);
        var (dump, refusal) = await catalog.FindAsync(id, await caller.LoadAsync(context), context.RequestAborted);
        return dump is null || refusal is DumpRefusal.NoRight
            ? ApiProblem.Of(Error(refusal ?? DumpRefusal.NotFound), caller.Actor)
            : ApiJson.Json(Dto(new DumpListing(dump, refusal is null), "/api/v1/dumps"));
    }

    private static async Task<IResult> FileAsync(long id, string name, HttpContext context, DumpCatalog catalog)
    {
        var caller = ApiCaller.Of(context);
        var (file, refusal) = await catalog.OpenFileAsync(id, name, await caller.LoadAsync(context), context.RequestAborted);
        return file is null ? ApiProblem.Of(Error(refusal!.Value), caller.Actor) : DumpDownload.File(file, name);
    }

    private static async Task<IResult> RequestAsync(HttpContext context, DumpRequests requests)
    {
        var caller = ApiCaller.Of(context);
        var result = await requests.RequestAsync(caller.Actor, context.RequestAborted);
        return result.IsSuccess ? Results.Accepted("/api/v1/dumps") : ApiProblem.Of(result.Error!, caller.Actor);
    }
}

/// <summary>Serves a dump's file: streamed from disk, with range requests (large files resume), under its own name.</summary>
public static class DumpDownload
{
    public static IResult File(FileStream file, string name)
    {
        var type = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
            : name.EndsWith(".parquet", StringComparison.Ordinal) ? "application/vnd.apache.parquet"
            : "application/gzip";
        return Results.File(file, type, name, System.IO.File.GetLastWriteTimeUtc(file.SafeFileHandle), enableRangeProcessing: true);
    }
}
