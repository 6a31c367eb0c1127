using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Staff;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// The staff delivery log: one row per outside delivery, newest first, with the state staff act on — an e-mail's from
/// its outbox row, Telegram and SMS from the delivery — and filters by channel, state, event and a search.
/// </summary>
public sealed class DeliveryLogTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public DeliveryLogTests()
    {
        _data.EnableTelegramAsync().GetAwaiter().GetResult();
        _data.EnableSmsAsync(new Uri("https://sms.test")).GetAwaiter().GetResult();
        _data.LinkTelegramAsync(_data.CustomerId, 777001).GetAwaiter().GetResult();
        _data.SetPhoneAsync(_data.SpanishCustomerId, "+34600111222").GetAwaiter().GetResult();
        _data.ChooseAsync(_data.SpanishCustomerId, Codes.ServerReady, NotificationChannel.Sms, true).GetAwaiter().GetResult();
        _data.ChooseAsync(_data.CustomerId, Codes.LowBalance, NotificationChannel.Telegram, false).GetAwaiter().GetResult();
    }

    public void Dispose() => _data.Dispose();

    private async Task<IReadOnlyList<DeliveryLogEntry>> ListAsync(DeliveryLogFilter filter)
    {
        await using var scope = _data.Scope();
        return await NotificationTestData.Get<DeliveryLog>(scope).ListAsync(filter, CancellationToken.None);
    }

    /// <summary>
    /// Alice: "server ready" by e-mail (failed for good in the outbox) and Telegram (sent); a minute later Bruno: "server
    /// ready" by e-mail (still waiting) and SMS (refused once, retrying); a minute later Alice: "low balance" by e-mail (sent).
    /// </summary>
    private async Task SeedAsync()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:alice", new() { ["server_name"] = "Survival SMP", ["address"] = "a:1" });
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await _data.NotifyAsync(Codes.ServerReady, _data.SpanishCustomerId, "ready:bruno", new() { ["server_name"] = "Creativo", ["address"] = "b:2" });
        _data.Time.Advance(TimeSpan.FromMinutes(1));
        await _data.NotifyAsync(Codes.LowBalance, _data.CustomerId, "low:alice", new() { ["balance"] = "R 10.00" });

        await using var db = _data.Database.NewContext();
        var deliveries = await db.NotificationDeliveries().ToListAsync();
        var emails = await db.OutboundEmails.ToListAsync();
        OutboundEmail EmailOf(Guid user, string eventCode) =>
            emails.Single(e => e.Id == deliveries.Single(d => d.UserId == user && d.EventCode == eventCode && d.Channel == NotificationChannel.Email).OutboundEmailId);

        var failedEmail = EmailOf(_data.CustomerId, Codes.ServerReady);
        failedEmail.Status = OutboundEmailStatus.Failed;
        failedEmail.Attempts = 8;
        failedEmail.LastError = "550 mailbox unavailable";
        var sentEmail = EmailOf(_data.CustomerId, Codes.LowBalance);
        sentEmail.Status = OutboundEmailStatus.Sent;
        sentEmail.Attempts = 1;
        sentEmail.SentAtUtc = _data.NowUtc;
        var telegram = deliveries.Single(d => d.Channel == NotificationChannel.Telegram && d.EventCode == Codes.ServerReady);
        telegram.Status = DeliveryStatus.Sent;
        telegram.Attempts = 1;
        telegram.SentAtUtc = _data.NowUtc;
        var sms = deliveries.Single(d => d.Channel == NotificationChannel.Sms);
        sms.Attempts = 1;
        sms.LastError = "503 Service Unavailable";
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ListAsync_NoFilter_EveryDeliveryNewestFirstWithItsStateAttemptsAndLastError()
    {
        await SeedAsync();

        var rows = await ListAsync(new DeliveryLogFilter());

        // Newest first; the deliveries of one notification share its instant, so within it the order is the id's.
        Assert.Equal(rows.OrderByDescending(r => r.CreatedAtUtc).Select(r => r.CreatedAtUtc), rows.Select(r => r.CreatedAtUtc));
        Assert.Equal(
            [
                (Codes.LowBalance, NotificationChannel.Email, "alice@players.test", DeliveryLogStatus.Sent, 1, (string?)null),
                (Codes.ServerReady, NotificationChannel.Email, "bruno@players.test", DeliveryLogStatus.Pending, 0, null),
                (Codes.ServerReady, NotificationChannel.Sms, "bruno@players.test", DeliveryLogStatus.Pending, 1, "503 Service Unavailable"),
                (Codes.ServerReady, NotificationChannel.Email, "alice@players.test", DeliveryLogStatus.Failed, 8, "550 mailbox unavailable"),
                (Codes.ServerReady, NotificationChannel.Telegram, "alice@players.test", DeliveryLogStatus.Sent, 1, null),
            ],
            rows.OrderByDescending(r => r.CreatedAtUtc).ThenBy(r => r.Channel.ToString(), StringComparer.Ordinal)
                .Select(r => (r.EventCode, r.Channel, r.Recipient, r.Status, r.Attempts, r.LastError)));
        var sms = rows.Single(r => r.Channel == NotificationChannel.Sms);
        Assert.Equal(("+34600111222", (DateTime?)null), (sms.Destination, sms.SentAtUtc));
        Assert.Equal("777001", rows.Single(r => r.Channel == NotificationChannel.Telegram).Destination);
        Assert.Contains("Survival SMP", rows.Single(r => r.Channel == NotificationChannel.Email && r.Status == DeliveryLogStatus.Failed).Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_Filters_ChannelStatusAndEventNarrowTheRows()
    {
        await SeedAsync();

        var telegram = await ListAsync(new DeliveryLogFilter(Channel: NotificationChannel.Telegram));
        var failed = await ListAsync(new DeliveryLogFilter(Status: DeliveryLogStatus.Failed));
        var pending = await ListAsync(new DeliveryLogFilter(Status: DeliveryLogStatus.Pending));
        var lowBalance = await ListAsync(new DeliveryLogFilter(EventCode: Codes.LowBalance));
        var pendingEmails = await ListAsync(new DeliveryLogFilter(NotificationChannel.Email, DeliveryLogStatus.Pending));

        Assert.Equal(NotificationChannel.Telegram, Assert.Single(telegram).Channel);
        Assert.Equal(("alice@players.test", NotificationChannel.Email), (Assert.Single(failed).Recipient, failed[0].Channel));
        Assert.Equal([NotificationChannel.Email, NotificationChannel.Sms], pending.Select(r => r.Channel).Order());
        Assert.Equal(Codes.LowBalance, Assert.Single(lowBalance).EventCode);
        Assert.Equal("bruno@players.test", Assert.Single(pendingEmails).Recipient);
        Assert.Single(await ListAsync(new DeliveryLogFilter(Take: 1)));
    }

    [Theory]
    [InlineData("bruno@players", 2)] // the recipient's e-mail
    [InlineData("BRUNO@Players.test", 2)] // in any case, as staff type it
    [InlineData("Bruno Díaz", 2)] // the recipient's name
    [InlineData("+34600", 1)] // the destination
    [InlineData("777001", 1)]
    [InlineData("survival smp", 2)] // the subject (e-mail and Telegram of Alice's server)
    [InlineData("100%", 0)] // LIKE wildcards are plain text
    [InlineData("_", 0)]
    public async Task ListAsync_Search_MatchesRecipientNameDestinationOrSubjectIgnoringCase(string search, int expected)
    {
        await SeedAsync();

        var rows = await ListAsync(new DeliveryLogFilter(Search: search));

        Assert.Equal(expected, rows.Count);
    }
}
