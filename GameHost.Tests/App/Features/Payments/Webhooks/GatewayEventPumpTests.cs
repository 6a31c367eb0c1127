using System.Diagnostics;
using GameHost.App.Features.Payments.Jobs;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GameHost.Tests.App.Features.Payments.Webhooks;

/// <summary>
/// The pump that processes stored events moments after they arrive is woken by the inbox writer's commits, so by the
/// first commit of a burst: it makes nothing (no scope, no context) until the burst's acknowledgements are out.
/// </summary>
public sealed class GatewayEventPumpTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Pump_SignalledWhileAGroupIsBeingWritten_OpensItsScopeOnlyOnceTheWriterIsIdle()
    {
        var account = await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();
        var signal = new GatewayEventSignal();
        var scopes = new CountingScopeFactory(_host.Get<IServiceScopeFactory>());
        using var pump = new GatewayEventPump(scopes, signal, writer, NullLogger<GatewayEventPump>.Instance);
        await pump.StartAsync(CancellationToken.None);
        int scopesWhileWriting;
        var (writeLock, pending) = await _host.HoldAGroupBeingWrittenAsync(account, "WH-pump");
        using (writeLock)
        {
            signal.Notify();
            var sinceSignal = Stopwatch.StartNew();
            scopesWhileWriting = 0;
            // Sampled for half the pump's longest wait; a sample counts only if it was surely taken before that wait
            // could have run out (a busy test machine may resume this loop late).
            while (sinceSignal.Elapsed < GatewayEventProcessor.YieldAtMost / 2)
            {
                var created = scopes.Created;
                if (sinceSignal.Elapsed < GatewayEventProcessor.YieldAtMost - TimeSpan.FromMilliseconds(50))
                {
                    scopesWhileWriting = Math.Max(scopesWhileWriting, created);
                }

                await Task.Delay(10);
            }
        }

        await pending.Written.WaitAsync(GatewayTestHost.Patience);
        await GatewayTestHost.UntilAsync(() => scopes.Created > 0, "the pump ran once the writer was idle");
        await pump.StopAsync(CancellationToken.None);

        Assert.Equal(0, scopesWhileWriting);
    }

    private sealed class CountingScopeFactory(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private int _created;

        public int Created => Volatile.Read(ref _created);

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref _created);
            return inner.CreateScope();
        }
    }
}
