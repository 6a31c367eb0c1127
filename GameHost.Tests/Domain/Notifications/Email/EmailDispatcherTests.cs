using GameHost.Domain.Notifications.Email;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Notifications.Email;

public sealed class EmailDispatcherTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeEmailTransport _transport = new();
    private readonly EmailDeliveryOptions _settings = new() { MaxAttempts = 3, BatchSize = 2 };

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task DispatchAsync_DueMessage_SendsOnceAndMarksSent()
    {
        var id = await EnqueueAsync("player@example.com");

        var first = await NewDispatcher().DispatchAsync(CancellationToken.None);
        var second = await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(1, 0, 0), first);
        Assert.Equal(new EmailDispatchResult(0, 0, 0), second);
        var envelope = Assert.Single(_transport.Sent);
        Assert.Equal(id, envelope.OutboxId);
        Assert.Equal("player@example.com", envelope.ToAddress);
        var stored = await LoadAsync(id);
        Assert.Equal(OutboundEmailStatus.Sent, stored.Status);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, stored.SentAtUtc);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task EnqueueAsync_OneAfterAnother_StoredIdsSortInTheOrderTheyWereQueued()
    {
        // Decision 0038: outbox rows get time-ordered ids, so a run that queues many lands at the end of the index.
        var queued = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            queued.Add(await EnqueueAsync($"player{i}@example.com"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await using var db = _database.NewContext();
        // ORDER BY "Id" runs in SQLite, on the stored text.
        Assert.Equal(queued, await db.OutboundEmails.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
    }

    [Fact]
    public async Task DispatchAsync_TransientFailure_RetriesAfterBackoffAndNotBefore()
    {
        var id = await EnqueueAsync();
        _transport.Then(EmailSendResult.Transient("451 try later"));
        var failedAt = _time.GetUtcNow().UtcDateTime;

        var result = await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(0, 1, 0), result);
        var stored = await LoadAsync(id);
        Assert.Equal(OutboundEmailStatus.Pending, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("451 try later", stored.LastError);
        // First retry: 30 s less up to a fifth of jitter.
        Assert.InRange(stored.NextAttemptAtUtc, failedAt.AddSeconds(24), failedAt.AddSeconds(30));

        _time.SetUtcNow(new DateTimeOffset(stored.NextAttemptAtUtc.AddSeconds(-1), TimeSpan.Zero));
        Assert.Equal(new EmailDispatchResult(0, 0, 0), await NewDispatcher().DispatchAsync(CancellationToken.None));
        Assert.Single(_transport.Sent);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new EmailDispatchResult(1, 0, 0), await NewDispatcher().DispatchAsync(CancellationToken.None));
        Assert.Equal(2, _transport.Sent.Count);
        Assert.Equal(OutboundEmailStatus.Sent, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task DispatchAsync_PermanentFailure_MarksFailedWithoutRetry()
    {
        var id = await EnqueueAsync();
        _transport.Then(EmailSendResult.Permanent("550 no such user"));

        var result = await NewDispatcher().DispatchAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(0, 0, 1), result);
        Assert.Single(_transport.Sent);
        var stored = await LoadAsync(id);
        Assert.Equal(OutboundEmailStatus.Failed, stored.Status);
        Assert.Equal("550 no such user", stored.LastError);
    }

    [Fact]
    public async Task DispatchAsync_TransientFailureOnLastAttempt_MarksFailed()
    {
        var id = await EnqueueAsync();
        _transport.Default = _ => Task.FromResult(EmailSendResult.Transient("connection refused"));

        var results = new List<EmailDispatchResult>();
        for (var run = 0; run < 5; run++)
        {
            results.Add(await NewDispatcher().DispatchAsync(CancellationToken.None));
            _time.Advance(TimeSpan.FromHours(2));
        }

        Assert.Equal(_settings.MaxAttempts, _transport.Sent.Count);
        Assert.Equal(new EmailDispatchResult(0, 1, 0), results[0]);
        Assert.Equal(new EmailDispatchResult(0, 1, 0), results[1]);
        Assert.Equal(new EmailDispatchResult(0, 0, 1), results[2]);
        var stored = await LoadAsync(id);
        Assert.Equal(OutboundEmailStatus.Failed, stored.Status);
        Assert.Equal(3, stored.Attempts);
    }

    [Fact]
    public async Task DispatchAsync_TransportThrows_CountsAsTransientFailure()
    {
        var id = await EnqueueAsync();
        _transport.Then(_ => throw new InvalidOperationException("adapter bug"));

        var result = await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(0, 1, 0), result);
        Assert.Contains("adapter bug", (await LoadAsync(id)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_MoreThanOneBatch_SendsAllOldestFirst()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await EnqueueAsync($"player{i}@example.com"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(5, 0, 0), result);
        Assert.Equal(ids, _transport.Sent.Select(e => e.OutboxId));
    }

    [Fact]
    public async Task DispatchAsync_NotYetDue_IsLeftAlone()
    {
        await using (var db = _database.NewContext())
        {
            var email = new EmailOutbox(db, _time).Add(Message("later@example.com"));
            email.NextAttemptAtUtc = _time.GetUtcNow().UtcDateTime.AddMinutes(1);
            await db.SaveChangesAsync();
        }

        var result = await NewDispatcher().DispatchAsync(CancellationToken.None);

        Assert.Equal(new EmailDispatchResult(0, 0, 0), result);
        Assert.Empty(_transport.Sent);
    }

    [Fact]
    public async Task DispatchAsync_TwoOverlappingRuns_NeverSendTheSameMessageTwice()
    {
        var first = await EnqueueAsync("first@example.com");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await EnqueueAsync("second@example.com");

        // Run A loads both messages, claims the first and is held inside its send; run B starts meanwhile.
        var sendStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _transport.Then(async _ =>
        {
            sendStarted.SetResult();
            await release.Task;
            return EmailSendResult.Sent();
        });

        var runA = NewDispatcher().DispatchAsync(CancellationToken.None);
        await sendStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var runB = await NewDispatcher().DispatchAsync(CancellationToken.None);
        release.SetResult();
        var resultA = await runA.WaitAsync(TimeSpan.FromSeconds(10));

        // B could not see A's leased message; A's stale copy of the second message lost its claim to B.
        Assert.Equal(new EmailDispatchResult(1, 0, 0), runB);
        Assert.Equal(new EmailDispatchResult(1, 0, 0), resultA);
        Assert.Equal(2, _transport.Sent.Count);
        Assert.Equal(1, _transport.Sent.Count(e => e.OutboxId == first));
        Assert.Equal(1, _transport.Sent.Count(e => e.OutboxId == second));
        Assert.Equal(OutboundEmailStatus.Sent, (await LoadAsync(first)).Status);
        Assert.Equal(OutboundEmailStatus.Sent, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task DispatchAsync_RunDiedMidSend_MessageReturnsWhenLeaseRunsOut()
    {
        var id = await EnqueueAsync();
        using var cancel = new CancellationTokenSource();
        _transport.Then(_ =>
        {
            cancel.Cancel();
            throw new OperationCanceledException(cancel.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewDispatcher().DispatchAsync(cancel.Token));
        Assert.Equal(new EmailDispatchResult(0, 0, 0), await NewDispatcher().DispatchAsync(CancellationToken.None));

        _time.Advance(_settings.Lease);
        Assert.Equal(new EmailDispatchResult(1, 0, 0), await NewDispatcher().DispatchAsync(CancellationToken.None));
        Assert.Equal(2, (await LoadAsync(id)).Attempts);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(40, 3600)]
    public void RetryDelay_AfterAttempts_DoublesUpToTheCapWithAtMostAFifthOfJitter(int attempts, int expectedSeconds)
    {
        var delays = Enumerable.Range(0, 50)
            .Select(_ => EmailDispatcher.RetryDelay(Guid.NewGuid(), attempts, new EmailDeliveryOptions()).TotalSeconds)
            .ToList();

        Assert.All(delays, d => Assert.InRange(d, expectedSeconds * 0.8, expectedSeconds));
        Assert.True(delays.Distinct().Count() > 1, "jitter spreads messages apart");
    }

    private EmailDispatcher NewDispatcher() =>
        new(_database.NewContext(), _transport, _time, Options.Create(_settings), NullLogger<EmailDispatcher>.Instance);

    private async Task<Guid> EnqueueAsync(string to = "player@example.com")
    {
        await using var db = _database.NewContext();
        var email = await new EmailOutbox(db, _time).EnqueueAsync(Message(to), idempotencyKey: null, CancellationToken.None);
        return email.Id;
    }

    private static EmailMessage Message(string to) =>
        new(to, "Player", "Welcome", "Hello", "<p>Hello</p>", "account.confirm_email");

    private async Task<OutboundEmail> LoadAsync(Guid id)
    {
        await using var db = _database.NewContext();
        return await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Id == id);
    }
}
