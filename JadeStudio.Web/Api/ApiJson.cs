using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Net.Http.Headers;

namespace JadeStudio.Web.Api;

/// <summary>
/// The API's JSON rules: camelCase; requests are strict (unknown fields, fields given twice, wrong types, missing required
/// fields are 400).
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Input = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // Which of two values a client meant cannot be told (the serializer would keep the last without a word).
        AllowDuplicateProperties = false,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,
        MaxDepth = 32,
        // The nullable annotations above stop at a property: a list's entries and a map's values are checked here.
        Converters = { new TextListConverter(), new TextMapConverter() },
    };

    public static readonly JsonSerializerOptions Output = new()
    {
        // API responses are never embedded in HTML, so quotes and non-ASCII text stay readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Reads a JSON body with the content-type, size and shape checks; on failure the problem to return.
    /// The body is read up to the limit and no further.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, long maxBytes) where T : class
    {
        // JSON between systems is UTF-8 (RFC 8259 §8.1): a body said to be in another charset would be misread, so it is refused.
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.Charset.HasValue && HeaderUtilities.RemoveQuotes(type.Charset) is var charset
                && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, ApiProblem.UnsupportedContentType());
        }
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, ApiProblem.TooLarge(maxBytes));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, ApiProblem.TooLarge(maxBytes));
            }
            buffer.Write(chunk, 0, read);
        }
        try
        {
            buffer.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(buffer, Input, context.RequestAborted);
            return value is null ? (null, ApiProblem.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, ApiProblem.BadRequest(JsonBodyErrors.Describe(exception)));
        }
    }

    /// <summary>A list of texts (wikis, words, groups …): <c>[null]</c> or <c>[1]</c> is a 400, not a null deep in a command.</summary>
    private sealed class TextListConverter : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Expected a list of texts.");
            }
            var texts = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                texts.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("Each entry of the list must be a text."));
            }
            return texts;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }

    /// <summary>A map of texts (a workset's answers): each value a text, each name once.</summary>
    private sealed class TextMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
    {
        public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Expected an object of texts.");
            }
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"The value of '{name}' must be a text.");
                if (!texts.TryAdd(name, text))
                {
                    throw new JsonException($"'{name}' is given twice.");
                }
            }
            return texts;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToDictionary(), options);
    }

    public static IResult Json(object value, int status = 200, string? etag = null) => new JsonResult(value, status, etag);

    /// <summary>A body serialized earlier with <see cref="Output"/> (e.g. kept with a cached view).</summary>
    public static IResult Serialized(byte[] utf8, string? etag = null) => new SerializedResult(utf8, etag);

    private sealed class SerializedResult(byte[] utf8, string? etag) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = utf8.Length;
            if (etag is not null)
            {
                context.Response.Headers[HeaderNames.ETag] = etag;
            }
            return context.Response.Body.WriteAsync(utf8, context.RequestAborted).AsTask();
        }
    }

    private sealed class JsonResult(object value, int status, string? etag) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            if (etag is not null)
            {
                context.Response.Headers[HeaderNames.ETag] = etag;
            }
            await JsonSerializer.SerializeAsync(context.Response.Body, value, value.GetType(), Output, context.RequestAborted);
        }
    }
}
