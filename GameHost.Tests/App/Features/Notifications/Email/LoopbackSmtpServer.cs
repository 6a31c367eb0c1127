using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace GameHost.Tests.App.Features.Notifications.Email;

/// <summary>A real SMTP server on a free loopback port that keeps what it receives, or answers with a chosen reply.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LoopbackSmtpServer(int port, SmtpResponse reply)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this, reply));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>Starts a server that answers DATA with <paramref name="reply"/> (default 250 OK).</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(SmtpResponse? reply = null)
    {
        var server = new LoopbackSmtpServer(FreePort(), reply ?? SmtpResponse.Ok);
        await server.WaitUntilListeningAsync();
        return server;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        // The listener binds on a background task; wait (bounded) until a connection is accepted.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested)
            {
                await Task.Yield();
            }
        }
    }

    private sealed class Store(LoopbackSmtpServer owner, SmtpResponse reply) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (reply.ReplyCode == SmtpReplyCode.Ok)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                owner.Received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            }

            return Task.FromResult(reply);
        }
    }
}
