using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A TCP relay on loopback to a server (the test PostgreSQL), which a test can cut — every connection dropped and new
/// ones refused, as when the database host goes away — and restore; or (the browser journeys over a distant reader's
/// network) that holds everything the server sends for a fixed time, in order. A few lines of sockets rather than a
/// fault-injection proxy: nothing but "reachable or not" and one fixed latency is needed.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();
    private readonly TimeSpan _latency;

    /// <param name="latency">How long what the server sends is held before it is passed on (none by default).</param>
    public TcpForwarder(string host, int port, TimeSpan latency = default)
    {
        _target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        _latency = latency;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

    /// <summary>The relay's address, to give a client instead of the server's.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>Accepts connections again and relays them.</summary>
    public void Restore()
    {
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _cut.Token);
    }

    /// <summary>Drops every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public async Task CutAsync()
    {
        await _cut.CancelAsync();
        _listener?.Stop();
        lock (_open)
        {
            foreach (var client in _open)
            {
                // A reset, not a goodbye: the peer finds the connection broken, as when a host goes away.
                try
                {
                    if (client.Client is { Connected: true } socket)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (ObjectDisposedException)
                {
                    // Its pump, stopped by the cut above, closed it first: nothing left to reset.
                }
                client.Dispose();
            }
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cut)
    {
        try
        {
            while (!cut.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(cut);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(_target, cut);
                lock (_open)
                {
                    _open.Add(inbound);
                    _open.Add(outbound);
                }
                _ = PumpAsync(inbound, outbound, TimeSpan.Zero, cut);
                _ = PumpAsync(outbound, inbound, _latency, cut);
            }
        }
        catch (Exception stopped) when (stopped is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, TimeSpan latency, CancellationToken cut)
    {
        try
        {
            if (latency == TimeSpan.Zero)
            {
                await from.GetStream().CopyToAsync(to.GetStream(), cut);
            }
            else
            {
                await CopyLateAsync(from.GetStream(), to.GetStream(), latency, cut);
            }
        }
        catch (Exception closed) when (closed is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            to.Dispose();
            from.Dispose();
        }
    }

    /// <summary>
    /// Copies as <see cref="Stream.CopyToAsync(Stream, CancellationToken)"/> does, each chunk passed on
    /// <paramref name="latency"/> after it arrived: a writer waits out each chunk's due time while the reader goes on
    /// reading, so chunks are late by the latency, not by the latency times their number.
    /// </summary>
    private static async Task CopyLateAsync(Stream from, Stream to, TimeSpan latency, CancellationToken cut)
    {
        var chunks = Channel.CreateUnbounded<(DateTime Due, byte[] Data)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, data) in chunks.Reader.ReadAllAsync(cut))
            {
                if (due - DateTime.UtcNow is { Ticks: > 0 } wait)
                {
                    // The latency itself: the one thing this relay is asked to add.
                    await Task.Delay(wait, cut);
                }
                await to.WriteAsync(data, cut);
            }
        }, cut);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cut)) > 0)
            {
                chunks.Writer.TryWrite((DateTime.UtcNow + latency, buffer[..read]));
            }
        }
        finally
        {
            chunks.Writer.TryComplete();
            await writer;
        }
    }

    public async ValueTask DisposeAsync() => await CutAsync();
}
