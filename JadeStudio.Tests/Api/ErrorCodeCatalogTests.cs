using System.Reflection;
using System.Text.Json;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Dumps;
using JadeStudio.Core.Imports;
using JadeStudio.Core.Permissions;
using JadeStudio.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JadeStudio.Tests.Api;

/// <summary>
/// The /api page's list of error codes (where every problem's <c>type</c> links) against what the API writes: every
/// refusal a command or the transport can give, made and answered here, must be listed with its status and kind.
/// </summary>
public sealed class ErrorCodeCatalogTests
{
    [Fact]
    public async Task Every_problem_the_API_writes_is_listed_with_its_status_and_kind_and_links_to_its_entry()
    {
        var unlisted = new List<string>();
        foreach (var problem in await WrittenProblemsAsync())
        {
            var entry = ApiErrorCodes.All.SingleOrDefault(e => e.Code == problem.Code);
            if (entry is null || !entry.Statuses.Contains(problem.Status) || problem.Type != "/api#error-" + problem.Code
                || (problem.Kind is { } kind && (entry.Kinds is null || !entry.Kinds.Contains(kind.Value) || entry.KindField != kind.Field)))
            {
                unlisted.Add(problem.ToString());
            }
        }

        Assert.Empty(unlisted);
    }

    [Fact]
    public async Task Every_listed_code_status_and_kind_is_one_the_API_writes()
    {
        var written = await WrittenProblemsAsync();

        var staleStatuses = ApiErrorCodes.All.SelectMany(entry => entry.Statuses
            .Where(status => !written.Any(p => p.Code == entry.Code && p.Status == status)).Select(status => $"{entry.Code} {status}"));
        var staleKinds = ApiErrorCodes.All.SelectMany(entry => (entry.Kinds ?? [])
            .Where(kind => !written.Any(p => p.Code == entry.Code && p.Kind?.Value == kind)).Select(kind => $"{entry.Code} {entry.KindField}={kind}"));
        var stale = staleStatuses.Concat(staleKinds).ToList();

        Assert.Empty(stale);
        Assert.Equal(ApiErrorCodes.All.Count, ApiErrorCodes.All.Select(e => e.Code).Distinct().Count());
    }

    [Fact]
    public async Task No_problem_carries_a_Location_set_by_a_step_before_the_refusal()
    {
        // e.g. a workset created, then not readable back: the 404 must not point at it.
        var withLocation = (await WrittenProblemsAsync()).Where(p => p.Location is not null).Select(p => p.ToString()).ToList();

        Assert.Empty(withLocation);
    }

    private sealed record Written(string Code, int Status, string? Type, (string Field, string Value)? Kind, string? Location);

    /// <summary>Every refusal a command can give (each of its kinds), answered to a signed-in and an anonymous caller, and every transport refusal.</summary>
    private static async Task<List<Written>> WrittenProblemsAsync()
    {
        var results = new List<IResult>();
        foreach (var error in EveryJadeError())
        {
            results.Add(ApiProblem.Of(error, ActorRef.User(1)));
            results.Add(ApiProblem.Of(error, ActorRef.Anonymous));
        }
        foreach (var factory in typeof(ApiProblem).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(IResult) && m.Name != nameof(ApiProblem.Of)))
        {
            results.Add((IResult)factory.Invoke(null, [.. factory.GetParameters().Select(p => SampleOf(p.ParameterType))])!);
        }
        results.Add(ApiProblem.UnsupportedContentType("text/csv"));

        var written = new List<Written>();
        foreach (var result in results)
        {
            var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
            context.Response.Body = new MemoryStream();
            context.Response.Headers.Location = "/api/v1/worksets/1";
            await result.ExecuteAsync(context);
            context.Response.Body.Position = 0;
            using var body = await JsonDocument.ParseAsync(context.Response.Body);
            var root = body.RootElement;
            var kind = new[] { "problem", "reason" }.Where(field => root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
                .Select(field => ((string Field, string Value)?)(field, root.GetProperty(field).GetString()!)).FirstOrDefault();
            written.Add(new Written(root.GetProperty("code").GetString()!, context.Response.StatusCode, root.GetProperty("type").GetString(), kind,
                context.Response.Headers.Location.Count == 0 ? null : context.Response.Headers.Location.ToString()));
        }
        return written;
    }

    private static IEnumerable<JadeError> EveryJadeError()
    {
        foreach (var type in typeof(JadeError).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(JadeError))))
        {
            if (type == typeof(JadeError.DumpUnavailable))
            {
                // Made only from a refusal to serve a dump, which turns some refusals into other errors.
                foreach (var refusal in Enum.GetValues<DumpRefusal>())
                {
                    yield return DumpsApi.Error(refusal);
                }
                continue;
            }
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            IEnumerable<object?[]> argumentLists = [[]];
            foreach (var parameter in constructor.GetParameters())
            {
                var choices = ChoicesFor(parameter.ParameterType);
                argumentLists = argumentLists.SelectMany(arguments => choices.Select(choice => (object?[])[.. arguments, choice])).ToList();
            }
            foreach (var arguments in argumentLists)
            {
                yield return (JadeError)constructor.Invoke(arguments);
            }
        }
    }

    /// <summary>Every value of an enum (each can be a different status or kind); one sample of anything else.</summary>
    private static IReadOnlyList<object?> ChoicesFor(Type type) =>
        type.IsEnum ? [.. Enum.GetValues(type).Cast<object?>()]
        : Nullable.GetUnderlyingType(type) is { IsEnum: true } inner ? [null, .. Enum.GetValues(inner).Cast<object?>()]
        : [SampleOf(type)];

    private static object SampleOf(Type type) => type switch
    {
        _ when type == typeof(string) => "x",
        _ when type == typeof(long) => 1L,
        _ when type == typeof(int) => 1,
        // A page size for ApiProblem.LimitOutOfRange: 0 is out of range, so it writes its problem.
        _ when type == typeof(int?) => 0,
        _ when type == typeof(TimeSpan) => TimeSpan.FromSeconds(1),
        _ when type == typeof(DateTimeOffset) => DateTimeOffset.UnixEpoch,
        _ when type == typeof(string[]) => Array.Empty<string>(),
        _ when type == typeof(BlockDetails) => new BlockDetails(1, 1, true, [], [], [], null, "x", 2, DateTimeOffset.UnixEpoch),
        _ when type == typeof(Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate) => new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(240, TimeSpan.FromSeconds(5)),
        _ when type == typeof(ImportReport) => new ImportReport(ImportFormat.JsonLines, ImportMode.AllOrNothing, 1, 0, 0, [], false),
        _ => throw new InvalidOperationException($"Give the test a sample {type.Name}."),
    };
}
