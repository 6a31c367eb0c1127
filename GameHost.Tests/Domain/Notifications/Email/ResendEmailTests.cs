using GameHost.Domain.Notifications.Email;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Notifications.Email;

public sealed class ResendEmailTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeEmailTransport _transport = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ExecuteAsync_FailedMessage_GoesBackToPendingWithFreshAttemptsAndIsSent()
    {
        var id = await FailedMessageAsync();
        _time.Advance(TimeSpan.FromHours(3));

        var result = await NewResend().ExecuteAsync(id, CancellationToken.None);

        Assert.True(result.IsSuccess);
        await using (var db = _database.NewContext())
        {
            var stored = await db.OutboundEmails.SingleAsync(e => e.Id == id);
            Assert.Equal(OutboundEmailStatus.Pending, stored.Status);
            Assert.Equal(0, stored.Attempts);
            Assert.Equal(_time.GetUtcNow().UtcDateTime, stored.NextAttemptAtUtc);
        }

        var dispatch = await NewDispatcher().DispatchAsync(CancellationToken.None);
        Assert.Equal(new EmailDispatchResult(1, 0, 0), dispatch);
    }

    [Fact]
    public async Task ExecuteAsync_PendingMessage_ReturnsNotFailed()
    {
        Guid id;
        await using (var db = _database.NewContext())
        {
            id = (await new EmailOutbox(db, _time).EnqueueAsync(Message(), null, CancellationToken.None)).Id;
        }

        var result = await NewResend().ExecuteAsync(id, CancellationToken.None);

        Assert.Equal(ResendEmail.Errors.NotFailed, result.Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownMessage_ReturnsNotFound()
    {
        var result = await NewResend().ExecuteAsync(Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(ResendEmail.Errors.NotFound, result.Error?.Code);
    }

    [Fact]
    public async Task GetSummaryAsync_CountsPendingAndFailedAndListsFailed()
    {
        var failed = await FailedMessageAsync();
        await using (var db = _database.NewContext())
        {
            await new EmailOutbox(db, _time).EnqueueAsync(Message(), null, CancellationToken.None);
        }

        var summary = await new EmailOutboxQuery(new SqliteTestContextFactory(_database)).GetSummaryAsync(10, CancellationToken.None);

        Assert.Equal(1, summary.Pending);
        Assert.Equal(1, summary.Failed);
        var listed = Assert.Single(summary.FailedMessages);
        Assert.Equal(failed, listed.Id);
        Assert.Equal("550 rejected", listed.LastError);
    }

    private ResendEmail NewResend() => new(new SqliteTestContextFactory(_database), _time);

    private EmailDispatcher NewDispatcher() =>
        new(_database.NewContext(), _transport, _time, Options.Create(new EmailDeliveryOptions()), NullLogger<EmailDispatcher>.Instance);

    private async Task<Guid> FailedMessageAsync()
    {
        Guid id;
        await using (var db = _database.NewContext())
        {
            id = (await new EmailOutbox(db, _time).EnqueueAsync(Message(), null, CancellationToken.None)).Id;
        }

        _transport.Then(EmailSendResult.Permanent("550 rejected"));
        await NewDispatcher().DispatchAsync(CancellationToken.None);
        return id;
    }

    private static EmailMessage Message() => new("player@example.com", null, "Invoice", "Pay", null, "billing.invoice");
}
