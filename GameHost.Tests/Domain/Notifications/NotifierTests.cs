using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

public sealed class NotifierTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static Dictionary<string, string?> Ready(string server = "Survival SMP") => new() { ["server_name"] = server, ["address"] = "play.test:25565" };

    [Fact]
    public async Task NotifyAsync_OptionalEventWithDefaults_WritesInAppAndEmailWithUnsubscribeLink()
    {
        var notification = await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready(), "/cabinet/services/1");

        Assert.NotNull(notification);
        await using var db = _data.Database.NewContext();
        var stored = await db.Notifications().SingleAsync();
        Assert.True(stored.ShowInApp);
        Assert.Equal("Survival SMP is ready", stored.Title);
        Assert.Contains("play.test:25565", stored.Body, StringComparison.Ordinal);
        Assert.Equal("https://hosting.test/cabinet/services/1", stored.Link);

        var email = await db.OutboundEmails.SingleAsync();
        Assert.Equal("alice@players.test", email.ToAddress);
        Assert.Equal(Codes.ServerReady, email.Category);
        Assert.Equal(_data.CustomerId, email.UserId);
        Assert.StartsWith("https://hosting.test/notifications/unsubscribe/one-click?token=", email.UnsubscribeUrl, StringComparison.Ordinal);
        Assert.Contains("https://hosting.test/notifications/unsubscribe?token=", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Alice Doe", email.TextBody, StringComparison.Ordinal);

        var delivery = Assert.Single(await _data.DeliveriesAsync());
        Assert.Equal(NotificationChannel.Email, delivery.Channel);
        Assert.Equal(DeliveryStatus.InEmailOutbox, delivery.Status);
        Assert.Equal(email.Id, delivery.OutboundEmailId);
    }

    [Fact]
    public async Task NotifyAsync_MandatoryEvent_HasNoUnsubscribeLink()
    {
        await _data.NotifyAsync(Codes.InvoiceOverdue, _data.CustomerId, "overdue:1", new() { ["invoice_number"] = "INV-1", ["amount"] = "$5.00", ["due_date"] = "May 1" });

        await using var db = _data.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Null(email.UnsubscribeUrl);
        Assert.DoesNotContain("unsubscribe", email.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NotifyAsync_TicketReplyWithEmailSwitchedOffInStore_StillMailsTheWholeReplyWithoutUnsubscribe()
    {
        // A stored "off" from before the ticket reply's e-mail became required is ignored.
        await _data.ChooseAsync(_data.CustomerId, Codes.TicketReply, NotificationChannel.Email, false);
        var reply = "First paragraph of a long answer. " + new string('x', 400) + "\n\nSecond paragraph: <b>not markup</b>.";

        await _data.NotifyAsync(Codes.TicketReply, _data.CustomerId, "reply:full", new()
        {
            ["ticket_number"] = "[T-ABCDE]",
            ["subject"] = "Lag",
            ["author"] = "Sam",
            ["excerpt"] = reply[..50] + "…",
            ["message"] = reply,
        });

        await using var db = _data.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Null(email.UnsubscribeUrl);
        Assert.DoesNotContain("unsubscribe", email.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reply, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Second paragraph: &lt;b&gt;not markup&lt;/b&gt;.", email.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("x<br><br>Second paragraph", email.HtmlBody!, StringComparison.Ordinal);
        // The bell keeps the excerpt.
        Assert.DoesNotContain("Second paragraph", (await db.Notifications().SingleAsync()).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_SameKeyTwice_NotifiesOnce()
    {
        var first = await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready());
        var second = await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready("Other"));

        Assert.NotNull(first);
        Assert.Null(second);
        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.Notifications().CountAsync());
        Assert.Equal(1, await db.OutboundEmails.CountAsync());
    }

    [Fact]
    public async Task NotifyAsync_SpanishCustomer_GetsSpanishTemplate()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.SpanishCustomerId, "ready:es", Ready());

        await using var db = _data.Database.NewContext();
        Assert.Equal("Survival SMP está listo", (await db.Notifications().SingleAsync()).Title);
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Equal("Survival SMP está listo", email.Subject);
        Assert.Contains("Hola Bruno Díaz", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_OptionalEmailSwitchedOff_SendsNoEmailButKeepsInApp()
    {
        await _data.ChooseAsync(_data.CustomerId, Codes.ServerReady, NotificationChannel.Email, false);

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready());

        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.OutboundEmails.CountAsync());
        Assert.True((await db.Notifications().SingleAsync()).ShowInApp);
    }

    [Fact]
    public async Task NotifyAsync_MandatoryEventWithEmailSwitchedOffInStore_StillSendsEmailAndInApp()
    {
        // A stored "off" for a mandatory event (the use case refuses it; an old row or a direct write) is ignored.
        await _data.ChooseAsync(_data.CustomerId, Codes.PaymentFailed, NotificationChannel.Email, false);
        await _data.ChooseAsync(_data.CustomerId, Codes.PaymentFailed, NotificationChannel.InApp, false);

        await _data.NotifyAsync(Codes.PaymentFailed, _data.CustomerId, "pay:1", new() { ["amount"] = "$5.00", ["reason"] = "Declined." });

        await using var db = _data.Database.NewContext();
        Assert.Equal(1, await db.OutboundEmails.CountAsync());
        Assert.True((await db.Notifications().SingleAsync()).ShowInApp);
    }

    [Fact]
    public async Task NotifyAsync_EmailOnlyEvent_IsNotShownInApp()
    {
        await _data.NotifyAsync(Codes.PasswordReset, _data.CustomerId, "reset:1", new() { ["link"] = "https://hosting.test/account/reset?token=abc" });

        await using var db = _data.Database.NewContext();
        Assert.False((await db.Notifications().SingleAsync()).ShowInApp);
        var email = await db.OutboundEmails.SingleAsync();
        Assert.Contains("https://hosting.test/account/reset?token=abc", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_TelegramLinkedAndEnabled_AddsTelegramDelivery()
    {
        await _data.EnableTelegramAsync();
        await _data.LinkTelegramAsync(_data.CustomerId, 424242);

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready());

        var telegram = Assert.Single(await _data.DeliveriesAsync(NotificationChannel.Telegram));
        Assert.Equal("424242", telegram.Destination);
        Assert.Equal(DeliveryStatus.Pending, telegram.Status);
        Assert.StartsWith("Survival SMP is ready\n\n", telegram.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_TelegramLinkedButSwitchedOffByUser_AddsNoTelegramDelivery()
    {
        await _data.EnableTelegramAsync();
        await _data.LinkTelegramAsync(_data.CustomerId, 424242);
        await _data.ChooseAsync(_data.CustomerId, Codes.ServerReady, NotificationChannel.Telegram, false);

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready());

        Assert.Empty(await _data.DeliveriesAsync(NotificationChannel.Telegram));
    }

    [Fact]
    public async Task NotifyAsync_SmsIsOffByDefaultAndOnWhenChosen()
    {
        await _data.EnableSmsAsync(new Uri("http://127.0.0.1:9"));
        await _data.SetPhoneAsync(_data.CustomerId, "+34600111222");

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", Ready());
        Assert.Empty(await _data.DeliveriesAsync(NotificationChannel.Sms));

        await _data.ChooseAsync(_data.CustomerId, Codes.ServerReady, NotificationChannel.Sms, true);
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:2", Ready());

        var sms = Assert.Single(await _data.DeliveriesAsync(NotificationChannel.Sms));
        Assert.Equal("+34600111222", sms.Destination);
        Assert.Equal("PixelHost: Survival SMP is ready at play.test:25565.", sms.Body);
    }

    [Fact]
    public async Task NotifyStaffAsync_StaffEvent_ReachesOnlyItsRoles()
    {
        await using var scope = _data.Scope();
        var db = NotificationTestData.Get<GameHostDbContext>(scope);
        var notifier = NotificationTestData.Get<Notifier>(scope);

        var sla = await notifier.NotifyStaffAsync(db, Codes.SlaBreach, new Dictionary<string, string?> { ["ticket_number"] = "#1" }, "sla:1", "/admin/tickets/1", CancellationToken.None);
        var ledger = await notifier.NotifyStaffAsync(db, Codes.LedgerDrift, new Dictionary<string, string?> { ["accounts"] = "1" }, "ledger:1", null, CancellationToken.None);
        await db.SaveChangesAsync();

        Assert.Equal(2, sla);
        Assert.Equal(1, ledger);
        await using var check = _data.Database.NewContext();
        var recipients = await check.Notifications().Select(n => new { n.UserId, n.EventCode }).ToListAsync();
        Assert.DoesNotContain(recipients, r => r.UserId == _data.CustomerId);
        Assert.Contains(recipients, r => r.UserId == _data.SupportId && r.EventCode == Codes.SlaBreach);
        Assert.DoesNotContain(recipients, r => r.UserId == _data.SupportId && r.EventCode == Codes.LedgerDrift);
    }

    [Fact]
    public async Task NotifyAsync_SignalsOpenBellsOnlyAfterTheCallerSaves()
    {
        var signalled = 0;
        using var subscription = _data.Signals.Subscribe(_data.CustomerId, () => Interlocked.Increment(ref signalled));
        await using var scope = _data.Scope();
        var db = NotificationTestData.Get<GameHostDbContext>(scope);

        await NotificationTestData.Get<Notifier>(scope).NotifyAsync(db, new NotifyRequest(Codes.ServerReady, _data.CustomerId, Ready(), "ready:1"), CancellationToken.None);
        Assert.Equal(0, signalled);

        await db.SaveChangesAsync();
        Assert.Equal(1, signalled);

        await db.SaveChangesAsync();
        Assert.Equal(1, signalled);
    }

    [Fact]
    public async Task NotifyAsync_StaffOverrideTemplate_IsUsedForThatLanguageOnly()
    {
        await using (var db = _data.Database.NewContext())
        {
            db.NotificationTemplates().Add(new GameHost.Domain.Notifications.Templates.NotificationTemplateOverride
            {
                Id = Guid.NewGuid(), EventCode = Codes.ServerReady, Channel = NotificationChannel.Email, Language = "en",
                Subject = "GG {{ name }}: {{ server_name }}", Body = "Go play at {{ address }}", UpdatedAtUtc = _data.NowUtc, UpdatedBy = "olivia",
            });
            await db.SaveChangesAsync();
        }

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:en", Ready());
        await _data.NotifyAsync(Codes.ServerReady, _data.SpanishCustomerId, "ready:es", Ready());

        await using var check = _data.Database.NewContext();
        var subjects = await check.OutboundEmails.OrderBy(e => e.ToAddress).Select(e => e.Subject).ToListAsync();
        Assert.Equal(["GG Alice Doe: Survival SMP", "Survival SMP está listo"], subjects);
    }

    [Fact]
    public async Task NotifyAsync_HostileValues_AreTextInEmailHtmlAndSubject()
    {
        await _data.NotifyAsync(Codes.TicketReply, _data.CustomerId, "reply:1", new()
        {
            ["ticket_number"] = "#7",
            ["subject"] = "<img src=x onerror=alert(1)>",
            ["author"] = "Eve\r\nBcc: victim@example.com",
            ["excerpt"] = "</p><script>steal()</script>",
            ["message"] = "</p><script>steal()</script>\n<img src=y>",
        });

        await using var db = _data.Database.NewContext();
        var email = await db.OutboundEmails.SingleAsync();
        Assert.DoesNotContain("<script>", email.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", email.HtmlBody!, StringComparison.Ordinal);
        Assert.Contains("&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;", email.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', email.Subject);
        // The text body keeps the value as written: it is text.
        Assert.Contains("</p><script>steal()</script>", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotifyAsync_UnknownUser_AddsNothing()
    {
        var result = await _data.NotifyAsync(Codes.ServerReady, Guid.NewGuid(), "ready:x", Ready());

        Assert.Null(result);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.Notifications().CountAsync());
    }

    [Fact]
    public void Catalogue_UnknownCode_Throws()
    {
        Assert.Throws<ArgumentException>(() => NotificationCatalogue.Get("billing.nope"));
    }
}
