using System.Net;
using System.Net.Sockets;

namespace JadeStudio.Tests.Support;

/// <summary>
/// A TCP relay on loopback to a server (the test PostgreSQL), which a test can cut — every connection dropped and new
/// ones refused, as when the database host goes away — and restore. A few lines of sockets rather than a fault-injection
/// proxy: nothing but "reachable or not" is needed.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();

    public TcpForwarder(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host == "localhost" ? "127.0.0.1" : host), port);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Restore();
    }

    public int Port { get; }

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
                _ = PumpAsync(inbound, outbound, cut);
                _ = PumpAsync(outbound, inbound, cut);
            }
        }
        catch (Exception stopped) when (stopped is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cut)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cut);
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

    public async ValueTask DisposeAsync() => await CutAsync();
}
