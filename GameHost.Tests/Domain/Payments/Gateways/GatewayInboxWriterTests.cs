using System.Diagnostics;
using System.Text;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// The inbox's single writer over a SQLite file with the real migrations: events waiting together are written in one
/// transaction, a redelivery in the same group is stored once, a failed commit acknowledges nothing, a full queue
/// refuses at once, and the rows it writes are the rows EF would have written.
/// </summary>
public sealed class GatewayInboxWriterTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task StopAsync_AfterTheContainerDisposedTheWriter_ReturnsAndRefusesNewEvents()
    {
        // A host may stop its services after its container has already disposed the singleton.
        var account = await _host.AddAccountAsync();
        var writer = new GatewayInboxWriter(_host.Get<IServiceScopeFactory>(), new GatewayEventSignal(),
            Options.Create(new GatewayInboxOptions()), NullLogger<GatewayInboxWriter>.Instance);
        writer.EnsureStarted();
        await writer.DisposeAsync();

        await writer.StopAsync(CancellationToken.None);
        writer.Dispose();

        Assert.Equal(InboxRefusal.Stopped, writer.TrySubmit(new PendingInboxEvent(Row(account, "WH-after-stop"))));
    }

    [Fact]
    public async Task ReceiveWebhook_EventsReceivedOneAfterAnother_StoredIdsSortInTheOrderTheyArrived()
    {
        // Decision 0038: inbox rows get time-ordered ids, so a burst lands at the end of the primary-key index.
        await _host.AddAccountAsync();
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(WebhookAnswer.Stored, (await _host.DeliverAsync($"WH-order-{i:D2}")).Answer);
            _host.Data.Time.Advance(TimeSpan.FromSeconds(1));
        }

        await using var db = _host.Data.Database.CreateDbContext();
        // ORDER BY "Id" runs in SQLite, on the stored text.
        var byId = await db.GatewayEvents().AsNoTracking().OrderBy(e => e.Id).Select(e => e.EventId).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"WH-order-{i:D2}"), byId);
    }

    [Fact]
    public async Task ReceiveWebhook_SameEventTwiceInOneGroup_StoredOnceAndBothAnsweredStored()
    {
        await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();
        Task<WebhookReceipt> blocker, first, second;
        using (_host.HoldWriteLock())
        {
            // The first group (one event) waits for the lock; the two copies queue up behind it and are taken together.
            blocker = _host.DeliverAsync("WH-blocker");
            await GatewayTestHost.UntilAsync(() => writer.IsWriting && writer.Queued == 0, "the writer holds the first group");
            first = _host.DeliverAsync("WH-twice");
            second = _host.DeliverAsync("WH-twice");
            await GatewayTestHost.UntilAsync(() => writer.Queued == 2, "both copies wait in the queue");
        }

        var answers = await Task.WhenAll(blocker, first, second);

        Assert.All(answers, a => Assert.Equal(WebhookAnswer.Stored, a.Answer));
        Assert.Equal(answers[1].EventId, answers[2].EventId);
        Assert.Equal([false, true], new[] { answers[1].Duplicate, answers[2].Duplicate }.Order());
        var stored = await _host.StoredEventsAsync();
        Assert.Equal(["WH-blocker", "WH-twice"], stored.Select(e => e.EventId));
        Assert.Equal(answers[1].EventId, stored.Single(e => e.EventId == "WH-twice").Id);
        Assert.Equal((2L, 2L, 1L), writer.Totals);
    }

    [Fact]
    public async Task ReceiveWebhook_TheGroupsCommitFails_NoRequestIsAcknowledgedAndNothingIsStored()
    {
        await _host.AddAccountAsync();
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER inbox_refuses BEFORE INSERT ON GatewayEvents BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END;");
        }

        var answers = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => _host.DeliverAsync($"WH-fail-{i}")));

        Assert.All(answers, a => Assert.Equal((WebhookAnswer.RetryLater, 5), (a.Answer, a.RetryAfterSeconds)));
        Assert.Empty(await _host.StoredEventsAsync());

        // The gateway's retry, once the database takes writes again, is stored.
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER inbox_refuses;");
        }

        var retried = await _host.DeliverAsync("WH-fail-1");
        Assert.Equal((WebhookAnswer.Stored, false), (retried.Answer, retried.Duplicate));
        Assert.Equal("WH-fail-1", Assert.Single(await _host.StoredEventsAsync()).EventId);
    }

    [Fact]
    public async Task ReceiveWebhook_ForgedSignatureAmongValidOnes_RejectedBeforeTheQueueAndNotStored()
    {
        await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();

        var answers = await Task.WhenAll(_host.DeliverAsync("WH-a"), _host.DeliverAsync("WH-forged", signature: "forged"), _host.DeliverAsync("WH-b"));

        Assert.Equal([WebhookAnswer.Stored, WebhookAnswer.Invalid, WebhookAnswer.Stored], answers.Select(a => a.Answer));
        Assert.Equal(["WH-a", "WH-b"], (await _host.StoredEventsAsync()).Select(e => e.EventId));
        Assert.Equal(2L, writer.Totals.Stored);
    }

    [Fact]
    public async Task TrySubmit_QueueFull_RefusedAtOnceAndTheQueuedOnesStillStored()
    {
        var account = await _host.AddAccountAsync();
        await using var writer = new GatewayInboxWriter(_host.Get<IServiceScopeFactory>(), new GatewayEventSignal(),
            Options.Create(new GatewayInboxOptions { QueueCapacity = 2 }), NullLogger<GatewayInboxWriter>.Instance);
        var events = Enumerable.Range(1, 4).Select(i => new PendingInboxEvent(Row(account, $"WH-q-{i}"))).ToList();
        InboxRefusal[] refusals;
        using (_host.HoldWriteLock())
        {
            Assert.Equal(InboxRefusal.None, writer.TrySubmit(events[0]));
            await GatewayTestHost.UntilAsync(() => writer.IsWriting && writer.Queued == 0, "the writer holds the first group");
            refusals = [.. events.Skip(1).Select(writer.TrySubmit)];
            Assert.True(writer.IsBusy);
        }

        Assert.Equal([InboxRefusal.None, InboxRefusal.None, InboxRefusal.QueueFull], refusals);
        await Task.WhenAll(events.Take(3).Select(e => e.Written));
        Assert.Equal(["WH-q-1", "WH-q-2", "WH-q-3"], (await _host.StoredEventsAsync()).Select(e => e.EventId));
    }

    [Fact]
    public async Task TrySubmit_QueuedBytesOverTheBound_RefusedAtOnce()
    {
        var account = await _host.AddAccountAsync();
        await using var writer = new GatewayInboxWriter(_host.Get<IServiceScopeFactory>(), new GatewayEventSignal(),
            Options.Create(new GatewayInboxOptions { QueueBytes = 1000 }), NullLogger<GatewayInboxWriter>.Instance);
        using (_host.HoldWriteLock())
        {
            Assert.Equal(InboxRefusal.None, writer.TrySubmit(new PendingInboxEvent(Row(account, "WH-b-0", 10))));
            await GatewayTestHost.UntilAsync(() => writer.IsWriting && writer.Queued == 0, "the writer holds the first group");

            Assert.Equal(InboxRefusal.None, writer.TrySubmit(new PendingInboxEvent(Row(account, "WH-b-1", 600))));
            Assert.Equal(InboxRefusal.QueueFull, writer.TrySubmit(new PendingInboxEvent(Row(account, "WH-b-2", 600))));
            Assert.Equal(InboxRefusal.None, writer.TrySubmit(new PendingInboxEvent(Row(account, "WH-b-3", 300))));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrySubmit_RowWrittenByTheWriter_StoredExactlyAsEfStoresIt(bool everyColumnSet)
    {
        // The writer binds rows on SQLite's own handle (SqliteInboxInsert), not through EF or ADO.NET parameters.
        var account = await _host.AddAccountAsync();
        var receivedAt = new DateTime(2026, 11, 27, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567);
        var viaWriter = Row(account, "WH-writer", 40, receivedAt);
        var viaEf = Row(account, "WH-ef", 40, receivedAt);
        foreach (var row in new[] { viaWriter, viaEf })
        {
            row.Headers = """{"X-Event-Id":"e","User-Agent":"Señal ✓ 支付"}""";
            if (everyColumnSet)
            {
                row.Body = [0, 1, 2, 0xFF, 0];
                row.EventType = "pago.recibido ✓";
                row.Reason = "Ñandú — no attempt \"x\"";
                row.AttemptId = Guid.Parse("0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d");
                row.Attempts = 3;
                row.ClaimedAtUtc = receivedAt.AddSeconds(1);
                row.NextTryAtUtc = receivedAt.AddMinutes(5).AddTicks(1);
                row.ProcessedAtUtc = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
                row.Status = GatewayEventStatus.Error;
            }
        }

        var pending = new PendingInboxEvent(viaWriter);
        Assert.Equal(InboxRefusal.None, _host.Get<GatewayInboxWriter>().TrySubmit(pending));
        await pending.Written.WaitAsync(GatewayTestHost.Patience);
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            db.GatewayEvents().Add(viaEf);
            await db.SaveChangesAsync();
        }

        // Byte for byte: SQLite's quote() shows each value's storage class and exact text or bytes, so the processor's
        // queries (claims compare ClaimedAtUtc, the queue orders by ReceivedAtUtc) treat both alike.
        await using var connection = new SqliteConnection(_host.Data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT length(Id), upper(Id) = Id, quote(GatewayAccountId), quote(GatewayCode), quote(EventType), quote(Body), quote(Headers),
                   quote(Status), quote(Reason), quote(AttemptId), quote(Attempts), quote(ReceivedAtUtc), quote(ClaimedAtUtc),
                   quote(NextTryAtUtc), quote(ProcessedAtUtc)
            FROM GatewayEvents WHERE EventId = $event
            """;
        var parameter = command.Parameters.Add("$event", SqliteType.Text);
        async Task<string> ReadAsync(string eventId)
        {
            parameter.Value = eventId;
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
        }

        var writerColumns = await ReadAsync("WH-writer");
        Assert.Equal(await ReadAsync("WH-ef"), writerColumns);
        Assert.Contains(everyColumnSet ? "'Error'" : "'Received'", writerColumns, StringComparison.Ordinal);
        await using var read = _host.Data.Database.CreateDbContext();
        var back = await read.GatewayEvents().AsNoTracking().SingleAsync(e => e.EventId == "WH-writer");
        Assert.Equal((viaWriter.Id, receivedAt, DateTimeKind.Utc, viaWriter.Status), (back.Id, back.ReceivedAtUtc, back.ReceivedAtUtc.Kind, back.Status));
        Assert.Equal(viaWriter.Body, back.Body);
        Assert.Equal((viaWriter.Headers, viaWriter.EventType, viaWriter.Reason), (back.Headers, back.EventType, back.Reason));
        Assert.Equal((viaWriter.AttemptId, viaWriter.ClaimedAtUtc, viaWriter.NextTryAtUtc, viaWriter.ProcessedAtUtc), (back.AttemptId, back.ClaimedAtUtc, back.NextTryAtUtc, back.ProcessedAtUtc));
    }

    [Fact]
    public async Task Writer_CommitPastTheCheckpointThreshold_LeavesTheCheckpointToOtherConnections()
    {
        // A commit that crosses SQLite's auto-checkpoint threshold copies the write-ahead log into the database file
        // before it returns; on the writer's connection every webhook of the group would wait for that.
        await _host.AddAccountAsync();
        Assert.Equal(WebhookAnswer.Stored, (await _host.DeliverAsync("WH-checkpoint-0")).Answer);
        var unpooled = _host.Data.Database.ConnectionString;
        var file = new SqliteConnectionStringBuilder(unpooled).DataSource;
        async Task ExecuteOnItsOwnConnectionAsync(string sql)
        {
            await using var connection = new SqliteConnection(unpooled);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        // About 1,500 pages in the log (the threshold is 1,000), written by a connection that does not checkpoint.
        await ExecuteOnItsOwnConnectionAsync("PRAGMA wal_autocheckpoint=0; CREATE TABLE scratch (b BLOB); INSERT INTO scratch VALUES (zeroblob(6 * 1024 * 1024));");
        var before = new FileInfo(file).Length;
        Assert.Equal(WebhookAnswer.Stored, (await _host.DeliverAsync("WH-checkpoint-1")).Answer);
        var afterTheWriter = new FileInfo(file).Length;
        // Any other connection's commit checkpoints as usual (and shows this test can see a checkpoint).
        await ExecuteOnItsOwnConnectionAsync("INSERT INTO scratch VALUES (x'00');");

        Assert.Equal(before, afterTheWriter);
        Assert.True(new FileInfo(file).Length > before + 5 * 1024 * 1024, "the other connection's commit did not checkpoint");

        // Stopped, the writer gives its connection back to the pool with SQLite's default threshold.
        await _host.Get<GatewayInboxWriter>().StopAsync(CancellationToken.None);
        var pooled = new SqliteConnectionStringBuilder(unpooled) { Pooling = true }.ToString();
        var connections = new List<SqliteConnection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var connection = new SqliteConnection(pooled);
                connections.Add(connection);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_autocheckpoint;";
                Assert.Equal(1000L, await command.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task YieldAsync_WhileAGroupIsBeingWritten_WaitsUpToItsLimitAndNotOnceIdle()
    {
        var account = await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();
        var (writeLock, pending) = await _host.HoldAGroupBeingWrittenAsync(account, "WH-y");
        TimeSpan busyWait;
        using (writeLock)
        {
            var watch = Stopwatch.StartNew();
            await writer.YieldAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            busyWait = watch.Elapsed;
        }

        await pending.Written.WaitAsync(GatewayTestHost.Patience);
        await GatewayTestHost.UntilAsync(() => !writer.IsBusy, "the writer is idle");
        var idle = Stopwatch.StartNew();
        await writer.YieldAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.True(busyWait >= TimeSpan.FromMilliseconds(290), $"waited only {busyWait.TotalMilliseconds} ms while busy");
        Assert.True(idle.Elapsed < TimeSpan.FromSeconds(5), $"waited {idle.Elapsed.TotalMilliseconds} ms while idle");
    }

    [Fact]
    public async Task GatewayEventProcessor_EventsStoredByTheWriter_AllProcessedOnce()
    {
        await _host.AddAccountAsync();
        _host.Gateway.OnInterpret = _ => GatewayEventOutcome.Ignore("not a payment");

        var answers = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => _host.DeliverAsync($"WH-p-{i % 30}")));
        var run = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);

        Assert.All(answers, a => Assert.Equal(WebhookAnswer.Stored, a.Answer));
        Assert.Equal(10, answers.Count(a => a.Duplicate));
        Assert.Equal(new InboxRun(0, 30, 0), run);
        Assert.All(await _host.StoredEventsAsync(), e => Assert.Equal(GatewayEventStatus.Ignored, e.Status));
        Assert.Equal(30, _host.Gateway.Calls.Count(c => c.StartsWith("interpret:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GatewayEventProcessor_RunStartedWhileAGroupIsBeingWritten_WaitsBeforeItReadsAnything()
    {
        // The writer's first commit of a burst wakes the processor; its run must not take the cores from the rest of
        // the burst's acknowledgements (decision 0043), not even for the due list.
        var account = await _host.AddAccountAsync();
        var (writeLock, pending) = await _host.HoldAGroupBeingWrittenAsync(account, "WH-burst");
        TimeSpan waited;
        InboxRun run;
        using (writeLock)
        {
            var watch = Stopwatch.StartNew();
            run = await _host.Get<GatewayEventProcessor>().RunAsync(CancellationToken.None);
            waited = watch.Elapsed;
        }

        await pending.Written.WaitAsync(GatewayTestHost.Patience);

        Assert.True(run.IsIdle);
        Assert.True(waited >= GatewayEventProcessor.YieldAtMost - TimeSpan.FromMilliseconds(10), $"the run started after {waited.TotalMilliseconds} ms");
    }

    private GatewayEvent Row(Guid account, string eventId, int bodyBytes = 40, DateTime? receivedAt = null) => _host.InboxRow(account, eventId, bodyBytes, receivedAt);
}
