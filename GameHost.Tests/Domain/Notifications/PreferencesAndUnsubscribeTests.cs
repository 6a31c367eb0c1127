using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Preferences;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

public sealed class PreferencesAndUnsubscribeTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = _data.Scope();
        return await action(NotificationTestData.Get<TService>(scope));
    }

    [Fact]
    public async Task SetAsync_MandatoryEventOff_IsRefusedAndStoresNothing()
    {
        var result = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.CustomerId, Codes.InvoiceOverdue, NotificationChannel.Email, false, CancellationToken.None));

        Assert.Equal(NotificationErrors.Mandatory, result.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.NotificationPreferences().CountAsync());
    }

    [Fact]
    public async Task SetAsync_UnknownEventOrChannelNotOffered_AreRefused()
    {
        var unknown = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.CustomerId, "billing.nope", NotificationChannel.Email, false, CancellationToken.None));
        var notOffered = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.CustomerId, Codes.PasswordReset, NotificationChannel.Sms, true, CancellationToken.None));

        Assert.Equal(NotificationErrors.UnknownEvent, unknown.Error?.Code);
        Assert.Equal(NotificationErrors.ChannelNotOffered, notOffered.Error?.Code);
    }

    [Fact]
    public async Task SetAsync_Twice_LastChoiceWinsAndShowsInView()
    {
        await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p => p.SetAsync(_data.CustomerId, Codes.LowBalance, NotificationChannel.Email, false, CancellationToken.None));
        await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p => p.SetAsync(_data.CustomerId, Codes.LowBalance, NotificationChannel.Email, false, CancellationToken.None));
        await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p => p.SetAsync(_data.CustomerId, Codes.LowBalance, NotificationChannel.Sms, true, CancellationToken.None));

        var view = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.CustomerId, CancellationToken.None));

        var row = view.Events.Single(e => e.EventCode == Codes.LowBalance);
        Assert.False(row.Channels.Single(c => c.Channel == NotificationChannel.Email).Enabled);
        Assert.True(row.Channels.Single(c => c.Channel == NotificationChannel.Sms).Enabled);
        var overdue = view.Events.Single(e => e.EventCode == Codes.InvoiceOverdue);
        Assert.True(overdue.Channels.Single(c => c.Channel == NotificationChannel.Email).Locked);
        Assert.DoesNotContain(view.Events, e => e.EventCode == Codes.SlaBreach);
    }

    [Fact]
    public async Task GetAsync_Staff_SeeTheirRolesStaffEvents()
    {
        var support = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.SupportId, CancellationToken.None));
        var admin = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.AdminId, CancellationToken.None));

        Assert.Contains(support.Events, e => e.EventCode == Codes.SlaBreach);
        Assert.DoesNotContain(support.Events, e => e.EventCode == Codes.LedgerDrift);
        Assert.Contains(admin.Events, e => e.EventCode == Codes.LedgerDrift);
        Assert.DoesNotContain(admin.Events, e => e.EventCode == Codes.ServerReady);
    }

    [Fact]
    public async Task GetAsync_Staff_SeeTheAccountEventsTheyReceiveAndCanSwitchOffNewSignIns()
    {
        var admin = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.AdminId, CancellationToken.None));
        var support = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.SupportId, CancellationToken.None));

        Assert.All([admin, support], view =>
        {
            var newLogin = view.Events.Single(e => e.EventCode == Codes.NewLogin);
            Assert.Equal(("account", false), (newLogin.Group, newLogin.Mandatory));
            Assert.All(newLogin.Channels.Where(c => c.Offered), c => Assert.False(c.Locked));
            Assert.True(view.Events.Single(e => e.EventCode == Codes.TwoFactorChanged).Channels.Single(c => c.Channel == NotificationChannel.Email).Locked);
            Assert.DoesNotContain(view.Events, e => e.EventCode == Codes.InvoiceIssued); // billing stays with customers
        });

        var off = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.AdminId, Codes.NewLogin, NotificationChannel.Email, false, CancellationToken.None));
        await _data.NotifyAsync(Codes.NewLogin, _data.AdminId, "login:1", new() { ["ip_address"] = "203.0.113.7", ["device"] = "Firefox", ["time"] = "now" });

        Assert.True(off.IsSuccess);
        var after = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.AdminId, CancellationToken.None));
        Assert.False(after.Events.Single(e => e.EventCode == Codes.NewLogin).Channels.Single(c => c.Channel == NotificationChannel.Email).Enabled);
        await using var db = _data.Database.NewContext();
        Assert.Single(await db.Notifications().Where(n => n.UserId == _data.AdminId && n.EventCode == Codes.NewLogin).ToListAsync());
        Assert.False(await db.OutboundEmails.AnyAsync(e => e.UserId == _data.AdminId));
    }

    [Theory]
    [InlineData("600111222")]
    [InlineData("+0600111222")]
    [InlineData("+34 600 abc")]
    [InlineData("+1234")]
    public async Task SetPhoneAsync_NotInternational_IsRefusedWithFieldError(string phone)
    {
        var result = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p => p.SetPhoneAsync(_data.CustomerId, phone, CancellationToken.None));

        Assert.Equal(NotificationErrors.InvalidPhone, result.Error?.Code);
        Assert.Equal("phone", result.Error?.Field);
    }

    [Fact]
    public async Task SetPhoneAsync_SpacesAndDashes_AreNormalized()
    {
        var result = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p => p.SetPhoneAsync(_data.CustomerId, "+34 600-111-222", CancellationToken.None));

        Assert.True(result.IsSuccess);
        await using var db = _data.Database.NewContext();
        Assert.Equal("+34600111222", (await db.NotificationContacts().SingleAsync()).PhoneNumber);
    }

    [Fact]
    public async Task Unsubscribe_TokenFromAnOptionalEmail_TurnsThatEmailOffWithoutLoginAndRepeatsSafely()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", new() { ["server_name"] = "A" });
        string token;
        await using (var db = _data.Database.NewContext())
        {
            var url = new Uri((await db.OutboundEmails.SingleAsync()).UnsubscribeUrl!);
            token = Uri.UnescapeDataString(url.Query["?token=".Length..]);
        }

        var first = await WithAsync<UnsubscribeFromEmail, GameHost.Domain.Common.Result<UnsubscribeTarget>>(u => u.ExecuteAsync(token, CancellationToken.None));
        var again = await WithAsync<UnsubscribeFromEmail, GameHost.Domain.Common.Result<UnsubscribeTarget>>(u => u.ExecuteAsync(token, CancellationToken.None));

        Assert.Equal(new UnsubscribeTarget(_data.CustomerId, Codes.ServerReady), first.Value);
        Assert.True(again.IsSuccess);
        await using (var db = _data.Database.NewContext())
        {
            var stored = await db.NotificationPreferences().SingleAsync();
            Assert.Equal((Codes.ServerReady, NotificationChannel.Email, false), (stored.EventCode, stored.Channel, stored.Enabled));
        }

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:2", new() { ["server_name"] = "B" });
        await using var check = _data.Database.NewContext();
        Assert.Equal(1, await check.OutboundEmails.CountAsync());
        Assert.Equal(2, await check.Notifications().CountAsync(n => n.ShowInApp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task Unsubscribe_MissingOrForgedToken_IsInvalid(string? token)
    {
        var result = await WithAsync<UnsubscribeFromEmail, GameHost.Domain.Common.Result<UnsubscribeTarget>>(u => u.ExecuteAsync(token, CancellationToken.None));

        Assert.Equal(NotificationErrors.InvalidToken, result.Error?.Code);
    }

    [Fact]
    public async Task Unsubscribe_TokenForAMandatoryEvent_IsInvalid()
    {
        await using var scope = _data.Scope();
        var token = NotificationTestData.Get<IUnsubscribeTokens>(scope).Create(_data.CustomerId, Codes.InvoiceOverdue);
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        var mandatory = await NotificationTestData.Get<UnsubscribeFromEmail>(scope).ExecuteAsync(token, CancellationToken.None);
        var broken = await NotificationTestData.Get<UnsubscribeFromEmail>(scope).ExecuteAsync(tampered, CancellationToken.None);

        Assert.Equal(NotificationErrors.InvalidToken, mandatory.Error?.Code);
        Assert.Equal(NotificationErrors.InvalidToken, broken.Error?.Code);
    }

    [Fact]
    public async Task TicketReply_EmailIsRequiredButTelegramAndSmsStayChoices()
    {
        // The customer's own conversation is transactional mail: switching its e-mail off would silence support.
        var emailOff = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.CustomerId, Codes.TicketReply, NotificationChannel.Email, false, CancellationToken.None));
        var telegramOff = await WithAsync<NotificationPreferences, GameHost.Domain.Common.Result>(p =>
            p.SetAsync(_data.CustomerId, Codes.TicketReply, NotificationChannel.Telegram, false, CancellationToken.None));
        var view = await WithAsync<NotificationPreferences, PreferencesView>(p => p.GetAsync(_data.CustomerId, CancellationToken.None));

        Assert.Equal(NotificationErrors.Mandatory, emailOff.Error?.Code);
        Assert.True(telegramOff.IsSuccess);
        var row = view.Events.Single(e => e.EventCode == Codes.TicketReply);
        Assert.True(row.Channels.Single(c => c.Channel == NotificationChannel.Email) is { Locked: true, Enabled: true });
        Assert.True(row.Channels.Single(c => c.Channel == NotificationChannel.Sms) is { Locked: false });
        Assert.True(row.Channels.Single(c => c.Channel == NotificationChannel.Telegram) is { Locked: false, Enabled: false });
    }

    [Fact]
    public async Task Unsubscribe_TokenForATicketReply_IsInvalidAndChangesNothing()
    {
        await using var scope = _data.Scope();
        var token = NotificationTestData.Get<IUnsubscribeTokens>(scope).Create(_data.CustomerId, Codes.TicketReply);

        var result = await NotificationTestData.Get<UnsubscribeFromEmail>(scope).ExecuteAsync(token, CancellationToken.None);

        Assert.Equal(NotificationErrors.InvalidToken, result.Error?.Code);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.NotificationPreferences().CountAsync());
    }

    [Fact]
    public async Task Inbox_MarkReadAndMarkAll_UpdateCountAndSignal()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", new() { ["server_name"] = "A" });
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:2", new() { ["server_name"] = "B" });
        await _data.NotifyAsync(Codes.ServerReady, _data.SpanishCustomerId, "ready:3", new() { ["server_name"] = "C" });
        var signals = 0;
        using var subscription = _data.Signals.Subscribe(_data.CustomerId, () => signals++);
        await using var scope = _data.Scope();
        var inbox = NotificationTestData.Get<NotificationInbox>(scope);
        var items = (await inbox.ListAsync(_data.CustomerId, 50, null, CancellationToken.None)).Items;

        Assert.Equal(2, await inbox.UnreadCountAsync(_data.CustomerId, CancellationToken.None));
        Assert.True((await inbox.MarkReadAsync(_data.CustomerId, items[0].Id, CancellationToken.None)).IsSuccess);
        Assert.True((await inbox.MarkReadAsync(_data.CustomerId, items[0].Id, CancellationToken.None)).IsSuccess);
        Assert.Equal(1, await inbox.UnreadCountAsync(_data.CustomerId, CancellationToken.None));
        Assert.Equal(1, signals);

        var others = (await inbox.ListAsync(_data.SpanishCustomerId, 50, null, CancellationToken.None)).Items;
        Assert.Equal(NotificationErrors.NotFound, (await inbox.MarkReadAsync(_data.CustomerId, others[0].Id, CancellationToken.None)).Error?.Code);

        Assert.Equal(1, await inbox.MarkAllReadAsync(_data.CustomerId, CancellationToken.None));
        Assert.Equal(0, await inbox.MarkAllReadAsync(_data.CustomerId, CancellationToken.None));
        Assert.Equal(0, await inbox.UnreadCountAsync(_data.CustomerId, CancellationToken.None));
        Assert.Equal(1, await inbox.UnreadCountAsync(_data.SpanishCustomerId, CancellationToken.None));
        Assert.Equal(2, signals);
        Assert.Equal(2, (await inbox.EmailsAsync(_data.CustomerId, 50, null, CancellationToken.None)).Items.Count);
    }
}
