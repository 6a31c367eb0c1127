using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GameHost.App.Features.Payments.Gateways.Demo;

namespace GameHost.Bench.Webhooks;

/// <summary>
/// The lean client of the webhooks benchmark (<c>--client raw</c>): every request's bytes are built and signed before
/// the burst, and HTTP/1.1 keep-alive connections are opened before the burst, as a gateway keeps its connections to a
/// merchant open. During the burst each connection only writes prepared bytes and reads the answer's head (status
/// line, <c>Server-Timing</c>, <c>Content-Length</c>), so the client's own CPU per request is small and the figures
/// say more about the app.
/// </summary>
internal sealed class RawBurst : IDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ServerTiming = "\r\nserver-timing:"u8.ToArray();
    private static readonly byte[] ContentLength = "\r\ncontent-length:"u8.ToArray();
    private static readonly byte[] Duration = "dur="u8.ToArray();

    private readonly IPEndPoint _endPoint;
    private readonly byte[][] _requests;
    private readonly Socket?[] _sockets;
    private readonly byte[][] _buffers;
    private int _next = -1;

    private RawBurst(IPEndPoint endPoint, byte[][] requests, Socket?[] sockets, byte[][] buffers)
    {
        _endPoint = endPoint;
        _requests = requests;
        _sockets = sockets;
        _buffers = buffers;
    }

    public int Connections => _sockets.Length;

    public static async Task<RawBurst> PrepareAsync(Uri baseAddress, string secret, int events, int connections)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port);
        var unix = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var requests = new byte[events][];
        for (var i = 0; i < events; i++)
        {
            // Like the http client's events: each names an attempt the demo gateway never saw (stored, then Ignored).
            var body = DemoSignature.Body($"evt_bench_{i:D6}_{Guid.NewGuid():N}", "payment.succeeded", Guid.NewGuid());
            var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"POST /webhooks/demo HTTP/1.1\r\nHost: {endPoint}\r\nContent-Type: application/json\r\n{DemoSignature.Header}: {DemoSignature.Sign(secret, unix, body)}\r\nContent-Length: {body.Length}\r\n\r\n"));
            requests[i] = [.. head, .. body];
        }

        // Each connection carries one GET before the burst (answered 405 by the webhook branch, nothing stored), so
        // the server's per-connection set-up is done, as on a gateway's long-lived connection.
        var sockets = new Socket?[connections];
        // Each connection's receive buffer is made here too, not when the burst starts: a thousand 4 KB arrays at the
        // burst's first instant were the client's own garbage (and now and then its own collection) inside the
        // measured window.
        var buffers = new byte[connections][];
        var probe = Encoding.ASCII.GetBytes($"GET /webhooks/demo HTTP/1.1\r\nHost: {endPoint}\r\n\r\n");
        for (var i = 0; i < connections; i++)
        {
            var socket = await ConnectAsync(endPoint);
            buffers[i] = new byte[4096];
            await socket.SendAsync(probe.AsMemory(), SocketFlags.None);
            var (status, _, keepAlive) = await ReadAnswerAsync(socket, buffers[i]);
            if (status != 405 || !keepAlive)
            {
                throw new InvalidOperationException($"The connection probe was answered {status} (keep-alive: {keepAlive}), not 405.");
            }

            sockets[i] = socket;
        }

        return new RawBurst(endPoint, requests, sockets, buffers);
    }

    /// <summary>Sends every prepared request, each connection one after the other on its own; fills the arrays by request.</summary>
    public Task RunAsync(double[] latencies, double[] serverTimes, int[] statuses) =>
        Task.WhenAll(Enumerable.Range(0, _sockets.Length).Select(c => WorkAsync(c, latencies, serverTimes, statuses)));

    private async Task WorkAsync(int connection, double[] latencies, double[] serverTimes, int[] statuses)
    {
        var buffer = _buffers[connection];
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _requests.Length)
        {
            var socket = _sockets[connection] ??= await ConnectAsync(_endPoint);
            var started = Stopwatch.GetTimestamp();
            try
            {
                for (var sent = 0; sent < _requests[i].Length;)
                {
                    sent += await socket.SendAsync(_requests[i].AsMemory(sent), SocketFlags.None);
                }

                (statuses[i], serverTimes[i], var keepAlive) = await ReadAnswerAsync(socket, buffer);
                if (!keepAlive)
                {
                    socket.Dispose();
                    _sockets[connection] = null;
                }
            }
            catch (SocketException)
            {
                statuses[i] = -1;
                serverTimes[i] = -1;
                socket.Dispose();
                _sockets[connection] = null;
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    /// <summary>Reads one answer: its head, then as many body bytes as it declares (the webhook answers carry none).</summary>
    private static async Task<(int Status, double ServerMilliseconds, bool KeepAlive)> ReadAnswerAsync(Socket socket, byte[] buffer)
    {
        var filled = 0;
        int end;
        while ((end = buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
        {
            if (filled == buffer.Length)
            {
                throw new SocketException((int)SocketError.MessageSize);
            }

            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
            if (read == 0)
            {
                return (-1, -1, false);
            }

            filled += read;
        }

        var (status, serverMilliseconds, length, keepAlive) = ParseHead(buffer.AsSpan(0, end + 2));
        var body = filled - (end + HeadEnd.Length);
        while (body < length)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                return (status, serverMilliseconds, false);
            }

            body += read;
        }

        return (status, serverMilliseconds, keepAlive);
    }

    /// <summary>The status code, the app's own time from <c>Server-Timing</c> (-1 when absent), the declared body length
    /// and whether the connection stays open.</summary>
    private static (int Status, double ServerMilliseconds, int Length, bool KeepAlive) ParseHead(ReadOnlySpan<byte> head)
    {
        var status = head.Length > 9 && Utf8Parser.TryParse(head[9..], out int code, out _) ? code : -1;
        var serverMilliseconds = -1.0;
        var timing = Find(head, ServerTiming);
        var at = timing.IndexOf(Duration);
        if (at >= 0 && Utf8Parser.TryParse(timing[(at + Duration.Length)..], out double milliseconds, out _))
        {
            serverMilliseconds = milliseconds;
        }

        var length = Utf8Parser.TryParse(Find(head, ContentLength).Trim((byte)' '), out int value, out _) ? value : 0;
        var keepAlive = !Find(head, "\r\nconnection:"u8).Trim((byte)' ').StartsWith("close"u8);
        return (status, serverMilliseconds, length, keepAlive);
    }

    /// <summary>The value of a header (its name given lower-case with the line break before it), up to its line's end.</summary>
    private static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
    {
        for (var from = 0; from + name.Length <= head.Length;)
        {
            var at = head[from..].IndexOf((byte)'\r');
            if (at < 0)
            {
                return default;
            }

            at += from;
            if (at + name.Length <= head.Length && Ascii.EqualsIgnoreCase(head.Slice(at, name.Length), name))
            {
                var value = head[(at + name.Length)..];
                var lineEnd = value.IndexOf((byte)'\r');
                return lineEnd < 0 ? value : value[..lineEnd];
            }

            from = at + 1;
        }

        return default;
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket?.Dispose();
        }
    }
}
