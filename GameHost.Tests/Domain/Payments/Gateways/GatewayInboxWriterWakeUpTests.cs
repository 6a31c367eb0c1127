using GameHost.Domain.Payments.Gateways;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// The inbox writer wakes for a new event without the thread pool (decision 0040). Under a burst the pool's queue
/// holds hundreds of requests, and every one of them waits for the writer's next group: a writer woken through that
/// queue sat idle with events waiting until the requests queued before its wake-up had run. Here every pool worker is
/// held, so anything queued to the pool cannot run until the test lets them go.
/// </summary>
[Collection(ThreadPoolHeldCollection.Name)]
public sealed class GatewayInboxWriterWakeUpTests : IDisposable
{
    // Far longer than a commit takes, far shorter than the pool needs to add threads for all the held work items
    // (it adds about one or two a second when it sees work starving).
    private static readonly TimeSpan FailAfter = TimeSpan.FromSeconds(10);

    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task TrySubmit_WhileEveryThreadPoolWorkerIsHeld_TheWriterStillCommitsTheEvent()
    {
        var account = await _host.AddAccountAsync();
        await using var writer = new GatewayInboxWriter(_host.Get<IServiceScopeFactory>(), new GatewayEventSignal(),
            Options.Create(new GatewayInboxOptions()), NullLogger<GatewayInboxWriter>.Instance);
        // One event first, so the writer's connection and statements are ready and it is waiting for the next one.
        var first = new PendingInboxEvent(Row(account, "WH-before-hold"));
        Assert.Equal(InboxRefusal.None, writer.TrySubmit(first));
        await first.Written.WaitAsync(FailAfter);

        // Not disposed: held work items still queued when it is set run later and must find it usable.
        var release = new ManualResetEventSlim();
        var held = HoldEveryWorker(release);
        bool committed;
        try
        {
            var pending = new PendingInboxEvent(Row(account, "WH-while-held"));
            Assert.Equal(InboxRefusal.None, writer.TrySubmit(pending));

            committed = BlockUntilDone(pending.Written);
        }
        finally
        {
            release.Set();
        }

        Assert.True(held > 0);
        Assert.True(committed, "The writer did not commit while the thread pool's workers were busy.");
    }

    /// <summary>A blocking wait on purpose: with the pool held, nothing awaited here would resume.</summary>
    private static bool BlockUntilDone(Task task) => task.Wait(FailAfter);

    /// <summary>Queues more blocking work items than the pool has workers and waits until the workers are all busy.</summary>
    private static int HoldEveryWorker(ManualResetEventSlim release)
    {
        var running = 0;
        var queued = ThreadPool.ThreadCount + 64;
        for (var i = 0; i < queued; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                Interlocked.Increment(ref running);
                release.Wait();
            }, null);
        }

        // Every worker is busy (a few may be blocked elsewhere in the test host) once no more held items start and some
        // are still queued: anything queued now waits behind them.
        var last = -1;
        var steady = System.Diagnostics.Stopwatch.StartNew();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < FailAfter)
        {
            var now = Volatile.Read(ref running);
            if (now != last)
            {
                last = now;
                steady.Restart();
            }
            else if (now > 0 && ThreadPool.PendingWorkItemCount > 0 && steady.Elapsed > TimeSpan.FromMilliseconds(200))
            {
                break;
            }

            Thread.Sleep(10);
        }

        return Volatile.Read(ref running);
    }

    private GatewayEvent Row(Guid account, string eventId) => _host.InboxRow(account, eventId);
}

/// <summary>Tests that hold every thread-pool worker for a moment; they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolHeldCollection
{
    public const string Name = "Thread pool held";
}
