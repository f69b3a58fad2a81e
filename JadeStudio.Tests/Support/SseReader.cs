using System.Net.Http.Headers;

namespace JadeStudio.Tests.Support;

/// <summary>Reads a Server-Sent Events response as a client would: id, event, data, and comments.</summary>
public sealed class SseReader(HttpResponseMessage response) : IDisposable
{
    public sealed record Message(string? Id, string? Event, string? Data);

    private StreamReader? _reader;

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        return new SseReader(await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
    }

    public HttpResponseMessage Response => response;

    public List<string> Comments { get; } = [];

    /// <summary>The next event (skipping comments and retry lines); null when the stream ends.</summary>
    public async Task<Message?> NextAsync(CancellationToken cancellationToken)
    {
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? id = null, type = null, data = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (id is not null || data is not null)
                {
                    return new Message(id, type, data);
                }
                continue;
            }
            if (line.StartsWith(':'))
            {
                Comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
        return null;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        response.Dispose();
    }
}
