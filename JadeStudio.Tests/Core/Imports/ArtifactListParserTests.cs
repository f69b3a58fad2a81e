using System.Text;
using JadeStudio.Core.Imports;

namespace JadeStudio.Tests.Core.Imports;

/// <summary>What each JSON Lines line becomes: the revision, the task data kept as written, or the reason it is refused.</summary>
public sealed class ArtifactListParserTests
{
    /// <summary>The line as an upload's only line; read as text instead of bytes, it must give the same.</summary>
    private static async Task<ParsedLine> ParseAsync(string line)
    {
        var parsed = new List<ParsedLine>();
        using var reader = new Utf8LineReader(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")));
        var lines = new ArtifactListLines(ImportFormat.JsonLines);
        while (await reader.FillAsync(CancellationToken.None))
        {
            while (reader.TryTake(out var bytes))
            {
                parsed.Add(lines.Parse(1, bytes) ?? throw new InvalidOperationException("A blank line."));
            }
        }
        var single = Assert.Single(parsed);
        Assert.Equal(single, new ArtifactListLines(ImportFormat.JsonLines).Parse(1, line));
        return single;
    }

    [Theory]
    [InlineData("""{"rev_id": 42}""", 42, null)]
    [InlineData("""  {"rev_id":42}  """, 42, null)]
    [InlineData("""{"page": "Ünïcödé ✓", "rev_id": 7, "n": [1, {"a": null}], "f": 1.5e3}""", 7, """{"page":"Ünïcödé ✓","n":[1, {"a": null}],"f":1.5e3}""")]
    [InlineData("""{"p\u00e9": "x\"y", "rev_id": 9}""", 9, """{"pé":"x\"y"}""")]
    [InlineData("""{"rev_\u0069d": 5}""", 5, null)]
    [InlineData("""{"rev_id": 9223372036854775807}""", long.MaxValue, null)]
    public async Task A_valid_line_gives_its_revision_and_its_other_fields_as_written(string line, long revId, string? data)
    {
        var parsed = await ParseAsync(line);

        Assert.Null(parsed.Error);
        Assert.Equal((revId, data), (parsed.RevId, parsed.Data));
    }

    [Fact]
    public async Task A_line_longer_than_the_stack_buffer_keeps_its_whole_text()
    {
        var text = string.Concat(Enumerable.Repeat("Žluťoučký kůň ", 400));

        var parsed = await ParseAsync($$"""{"rev_id": 8, "text": "{{text}}"}""");

        Assert.Equal((8L, $$"""{"text":"{{text}}"}"""), (parsed.RevId, parsed.Data));
    }

    [Theory]
    [InlineData("""{"rev_id": 12,,}""", ImportProblem.MalformedJson, "15")]
    [InlineData("""{"rev_id": "12" x}""", ImportProblem.MalformedJson, "17")]
    [InlineData("""{"rev_id": 12} {"rev_id": 13}""", ImportProblem.MalformedJson, "16")]
    [InlineData("""{"rev_id": 12""", ImportProblem.MalformedJson, "14")]
    [InlineData("""[{"rev_id": 12}] x""", ImportProblem.MalformedJson, "18")]
    [InlineData("""[{"rev_id": 12}]""", ImportProblem.NotAnObject, null)]
    [InlineData("12", ImportProblem.NotAnObject, null)]
    [InlineData("""{"rev": 12}""", ImportProblem.MissingRevId, null)]
    [InlineData("""{"rev_id": "12"}""", ImportProblem.BadRevId, "\"12\"")]
    [InlineData("""{"rev_id": 0}""", ImportProblem.BadRevId, "0")]
    [InlineData("""{"rev_id": -4}""", ImportProblem.BadRevId, "-4")]
    [InlineData("""{"rev_id": 1.5}""", ImportProblem.BadRevId, "1.5")]
    [InlineData("""{"rev_id": 92233720368547758070}""", ImportProblem.BadRevId, "92233720368547758070")]
    [InlineData("""{"rev_id": {"id": 4}}""", ImportProblem.BadRevId, """{"id": 4}""")]
    // A name given twice is refused, never one of its values guessed (parsers differ in which they keep), once the line is valid JSON.
    [InlineData("""{"rev_id": 1, "rev_id": 3}""", ImportProblem.DuplicateField, "rev_id")]
    [InlineData("""{"rev_id": 4, "rev_id": null}""", ImportProblem.DuplicateField, "rev_id")]
    [InlineData("""{"rev_id": 6, "title": "A", "user": "X", "title": "B"}""", ImportProblem.DuplicateField, "title")]
    [InlineData("""{"user": "Hidden", "rev_id": 6, "us\u0065r": null}""", ImportProblem.DuplicateField, "user")]
    [InlineData("""{"rev_id": 6, "title": "A", "title": "B",}""", ImportProblem.MalformedJson, "42")]
    public async Task A_bad_line_is_refused_with_its_reason_and_where_it_breaks(string line, ImportProblem problem, string? detail)
    {
        var parsed = await ParseAsync(line);

        Assert.Equal((1L, problem, detail), (parsed.Error?.Line, parsed.Error?.Problem, parsed.Error?.Detail));
    }

    /// <summary>A list of bare ids takes the same revision ids as a JSON line: 1 to the largest 64-bit number, written without leading zeros.</summary>
    [Theory]
    [InlineData("9223372036854775807", null, null)]
    [InlineData("9223372036854775808", ImportProblem.BadRevId, "9223372036854775808")]
    [InlineData("0", ImportProblem.BadRevId, "0")]
    [InlineData("000", ImportProblem.BadRevId, "000")]
    [InlineData("012", ImportProblem.NotCanonical, "012")]
    [InlineData("-12", ImportProblem.BadRevId, "-12")]
    public void A_bare_id_is_taken_or_refused_as_a_json_lines_revision_is(string line, ImportProblem? problem, string? detail)
    {
        var parsed = new ArtifactListLines(ImportFormat.PlainIds).Parse(1, line) ?? throw new InvalidOperationException("A blank line.");

        Assert.Equal((problem, detail), (parsed.Error?.Problem, parsed.Error?.Detail));
    }

    [Fact]
    public async Task A_long_bad_revision_is_quoted_shortened_and_never_cut_inside_a_character()
    {
        // 119 characters, then an emoji (two UTF-16 units) where the 120th would be.
        var value = "[" + new string('1', 116) + ",\"😀😀\"]";

        var parsed = await ParseAsync($$"""{"rev_id": {{value}}, "page": "P"}""");

        Assert.Equal(ImportProblem.BadRevId, parsed.Error?.Problem);
        Assert.Equal("[" + new string('1', 116) + ",\"…", parsed.Error?.Detail);
    }
}
