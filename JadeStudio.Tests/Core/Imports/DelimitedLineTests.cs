using JadeStudio.Core.Imports;

namespace JadeStudio.Tests.Core.Imports;

/// <summary>CSV records as RFC 4180 quotes them, and a record read on line by line ending where reading it whole ends.</summary>
public sealed class DelimitedLineTests
{
    [Theory]
    [InlineData("a,b,c", new[] { "a", "b", "c" })]
    [InlineData("\"a,b\",c", new[] { "a,b", "c" })]
    [InlineData("\"say \"\"hi\"\"\",x", new[] { "say \"hi\"", "x" })]
    [InlineData("\"\",\"\"\"\"", new[] { "", "\"" })]
    [InlineData("a\"b,c", new[] { "a\"b", "c" })]
    [InlineData(",", new[] { "", "" })]
    public void A_record_splits_into_its_fields(string line, string[] fields) => Assert.Equal(fields, DelimitedLine.Split(line, ','));

    [Theory]
    [InlineData("1,\"open")]
    [InlineData("1,\"\"\"")]
    [InlineData("\"")]
    public void A_quote_left_open_is_no_record(string line) => Assert.Null(DelimitedLine.Split(line, ','));

    [Theory]
    [InlineData("1,\"first", "second\"")]
    [InlineData("1,\"ends with a quote\"\"", "\"")]
    [InlineData("1,\"a", "\"\"", "b\",2")]
    [InlineData("1,\"a", "", "\"")]
    [InlineData("1,\"\"", "2,\"x")]
    [InlineData("1,\"a\"b", "c")]
    public void Read_line_by_line_a_record_is_open_exactly_while_its_text_so_far_splits_to_nothing(params string[] lines)
    {
        var reading = new DelimitedLine.Reading();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                reading.Read("\n", ',');
            }
            reading.Read(lines[i], ',');
            var whole = string.Join('\n', lines[..(i + 1)]);

            Assert.Equal(DelimitedLine.Split(whole, ',') is null, reading.InQuotes);
        }
    }
}
