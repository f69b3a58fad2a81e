using System.Text.Json;
using JadeStudio.Web.Api;

namespace JadeStudio.Tests.Api;

/// <summary>What a caller is told when a body does not read: the field and the kind of value it takes, in their terms.</summary>
public sealed class JsonBodyErrorsTests
{
    private const string Valid = "\"user\":7,\"sitewide\":true,\"reason\":\"Spam\"";

    [Theory]
    [InlineData("{" + Valid + ""","expiry":"next week"}""", "'expiry' must be a date and time (ISO 8601, e.g. 2026-12-31T00:00:00Z).")]
    [InlineData("""{"user":"seven","sitewide":true,"reason":"Spam"}""", "'user' must be a whole number.")]
    [InlineData("""{"user":7,"sitewide":"yes","reason":"Spam"}""", "'sitewide' must be true or false.")]
    [InlineData("""{"user":7,"sitewide":true,"reason":5}""", "'reason' must be a text.")]
    [InlineData("{" + Valid + ""","colour":"red"}""", "'colour' is not a field of this request.")]
    [InlineData("""{"user":7}""", "Required but missing: 'sitewide', 'reason'.")]
    [InlineData("""{"user":7,"sitewide":true,"reason":null}""", "'reason' must not be null.")]
    [InlineData("""[1,2]""", "The body must be a JSON object.")]
    [InlineData("", "The body is empty: send a JSON object.")]
    [InlineData("{" + Valid + ""","wikis":[1]}""", "Malformed request body at 'wikis': Each entry of the list must be a text.")]
    public void A_body_that_does_not_read_is_described_by_its_field_and_the_kind_of_value_it_takes(string body, string described)
    {
        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BlockBody>(body, ApiJson.Input));

        Assert.Equal(described, JsonBodyErrors.Describe(refused));
    }

    [Fact]
    public void A_message_of_another_shape_is_kept_without_the_servers_type_names()
    {
        var described = JsonBodyErrors.Describe(new JsonException("The value of type 'JadeStudio.Web.Api.BlockBody' is odd near System.Int32. Path: $.user | LineNumber: 0 | BytePositionInLine: 9.", "$.user", 0, 9));

        Assert.Equal("Malformed request body at 'user': The value is odd near", described);
    }
}
