using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace JadeStudio.Tests.Browser;

/// <summary>The connection an open page keeps with the server (its interactive circuit's WebSocket), as a browser negotiates it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitConnectionTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_open_page_connection_is_not_compressed_so_the_server_keeps_no_compressor_for_each_open_page()
    {
        using var http = new HttpClient { BaseAddress = browser.App.BaseAddress };
        using var negotiated = await http.PostAsync(new Uri("_blazor/negotiate?negotiateVersion=1", UriKind.Relative), null);
        negotiated.EnsureSuccessStatusCode();
        var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();

        using var socket = new ClientWebSocket();
        // What browsers offer: permessage-deflate, each side keeping a compressor for as long as the page is open.
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        var address = new UriBuilder(new Uri(browser.App.BaseAddress, "_blazor?id=" + Uri.EscapeDataString(token!))) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.DoesNotContain(socket.HttpResponseHeaders!.Keys, name => name.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
