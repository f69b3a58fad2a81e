using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A TCP relay on loopback that delays everything the server sends by a fixed time, as a distant reader's network does.
/// Browser journeys run through it to find the steps that only work when the server's answer is back at once: on
/// loopback, MudBlazor's round trips to the browser take a millisecond, on a real network a hundred.
/// </summary>
public sealed class SlowLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _target;
    private readonly TimeSpan _delay;

    public SlowLink(Uri target, TimeSpan delay)
    {
        (_target, _delay) = (target, delay);
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    /// <summary>The relay's address, to give the browser instead of the server's.</summary>
    public Uri Address { get; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                _ = RelayAsync(client.GetStream(), server.GetStream(), TimeSpan.Zero);
                _ = RelayAsync(server.GetStream(), client.GetStream(), _delay);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>Copies one direction, each chunk held until <paramref name="delay"/> after it arrived, in order.</summary>
    private async Task RelayAsync(Stream from, Stream to, TimeSpan delay)
    {
        var chunks = Channel.CreateUnbounded<(DateTime Due, byte[] Data)>();
        var writer = WriteAsync(chunks.Reader, to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((DateTime.UtcNow + delay, buffer[..read]));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side closed.
        }
        chunks.Writer.TryComplete();
        await writer;
        await to.DisposeAsync();
    }

    private async Task WriteAsync(ChannelReader<(DateTime Due, byte[] Data)> chunks, Stream to)
    {
        try
        {
            await foreach (var (due, data) in chunks.ReadAllAsync(_stop.Token))
            {
                if (due - DateTime.UtcNow is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, _stop.Token);
                }
                await to.WriteAsync(data, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side closed.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
