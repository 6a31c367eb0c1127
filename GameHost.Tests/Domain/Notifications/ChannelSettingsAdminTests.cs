using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Settings;
using GameHost.Domain.Notifications.Staff;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// Administrators set up the Telegram bot and the SMS provider: input checked at its field, switching a channel on
/// needs its credentials, a secret left blank keeps the stored one (shown only as a hint), a new bot starts reading
/// updates from the beginning, and every save is audited without the secrets.
/// </summary>
public sealed class ChannelSettingsAdminTests : IDisposable
{
    private const string Token = "123456789:AAFakeBotTokenForTests_0123456789abcd";
    private const string OtherToken = "987654321:BBOtherBotTokenForTests_9876543210zyx";

    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<T> AdminAsync<T>(Func<ChannelSettingsAdmin, Task<T>> action)
    {
        await using var scope = _data.Scope();
        return await action(NotificationTestData.Get<ChannelSettingsAdmin>(scope));
    }

    private Task<Result> SaveTelegramAsync(TelegramSettingsInput input, Guid? staff = null) =>
        AdminAsync(a => a.SaveTelegramAsync(staff ?? _data.AdminId, input, CancellationToken.None));

    private Task<Result> SaveSmsAsync(SmsSettingsInput input, Guid? staff = null) =>
        AdminAsync(a => a.SaveSmsAsync(staff ?? _data.AdminId, input, CancellationToken.None));

    private async Task<NotificationChannelSettings?> StoredAsync()
    {
        await using var db = _data.Database.NewContext();
        return await db.NotificationChannelSettings().AsNoTracking().FirstOrDefaultAsync();
    }

    private async Task<List<GameHost.Domain.Audit.AuditEntry>> AuditAsync(string action)
    {
        await using var db = _data.Database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync();
    }

    private static IEnumerable<(string? Field, string Code)> Problems(Result result) =>
        (result.Error!.Related.Count > 0 ? result.Error.Related : [result.Error]).Select(e => (e.Field, e.Code));

    [Fact]
    public async Task SaveTelegramAsync_MalformedTokenAndUsername_RefusedAtTheirFieldsNothingStored()
    {
        var result = await SaveTelegramAsync(new TelegramSettingsInput(true, "not-a-token", "1bad name"));

        Assert.Equal(
            [("botToken", NotificationErrors.InvalidBotToken), ("botUsername", NotificationErrors.InvalidBotUsername)],
            Problems(result));
        Assert.Null(await StoredAsync());
        Assert.Empty(await AuditAsync("notifications.telegram_settings_saved"));
    }

    [Fact]
    public async Task SaveTelegramAsync_SwitchedOnWithoutAToken_Refused()
    {
        var result = await SaveTelegramAsync(new TelegramSettingsInput(true, "  ", "PixelHostBot"));

        Assert.Equal([("botToken", NotificationErrors.InvalidBotToken)], Problems(result));
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task SaveTelegramAsync_NewTokenThenBlank_StoredProtectedKeptWhenBlankAndTheOffsetResetOnlyForANewBot()
    {
        Assert.True((await SaveTelegramAsync(new TelegramSettingsInput(true, $" {Token} ", "@PixelHostBot"))).IsSuccess);
        var first = await StoredAsync();
        Assert.NotNull(first);
        Assert.DoesNotContain(Token, first.TelegramBotTokenProtected, StringComparison.Ordinal);
        Assert.Equal((true, "PixelHostBot"), (first.TelegramEnabled, first.TelegramBotUsername));
        var view = await AdminAsync(a => a.GetAsync(CancellationToken.None));
        Assert.Equal("…abcd", view.TelegramTokenHint);

        // The poll job moved on; saving again without a token keeps the bot and where it was reading.
        await using (var db = _data.Database.NewContext())
        {
            await db.NotificationChannelSettings().ExecuteUpdateAsync(s => s.SetProperty(x => x.TelegramUpdateOffset, 4242L));
        }

        Assert.True((await SaveTelegramAsync(new TelegramSettingsInput(true, null, "PixelHostBot"))).IsSuccess);
        var kept = await StoredAsync();
        Assert.Equal((first.TelegramBotTokenProtected, 4242L), (kept!.TelegramBotTokenProtected, kept.TelegramUpdateOffset));

        // Another bot: its updates are numbered on their own, so reading starts again from the beginning.
        Assert.True((await SaveTelegramAsync(new TelegramSettingsInput(true, OtherToken, "OtherBot"))).IsSuccess);
        var changed = await StoredAsync();
        Assert.NotEqual(first.TelegramBotTokenProtected, changed!.TelegramBotTokenProtected);
        Assert.Equal(0L, changed.TelegramUpdateOffset);
        Assert.Equal("…0zyx", (await AdminAsync(a => a.GetAsync(CancellationToken.None))).TelegramTokenHint);

        var audit = await AuditAsync("notifications.telegram_settings_saved");
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal(_data.AdminId, e.ActorUserId));
        Assert.All(audit, e => Assert.DoesNotContain(Token[10..], (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal));
        Assert.All(audit, e => Assert.DoesNotContain(OtherToken[10..], (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal));
        Assert.Contains("OtherBot", audit[^1].AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveTelegramAsync_SupportAgent_RefusedAsNotAnAdministrator()
    {
        var result = await SaveTelegramAsync(new TelegramSettingsInput(true, Token, "PixelHostBot"), _data.SupportId);

        Assert.Equal(NotificationErrors.NotStaff, result.Error?.Code);
        Assert.Null(await StoredAsync());
    }

    [Theory]
    [InlineData("api.twilio.com", "AC123", "+15005550006", "baseUrl", NotificationErrors.InvalidSmsUrl)]
    [InlineData("ftp://api.twilio.com", "AC123", "+15005550006", "baseUrl", NotificationErrors.InvalidSmsUrl)]
    [InlineData("https://api.twilio.com", "AC-123", "+15005550006", "accountSid", NotificationErrors.InvalidSmsAccount)]
    [InlineData("https://api.twilio.com", "AC 123", "+15005550006", "accountSid", NotificationErrors.InvalidSmsAccount)]
    [InlineData("https://api.twilio.com", "AC123", "+1 500 555", "fromNumber", NotificationErrors.InvalidPhone)]
    public async Task SaveSmsAsync_MalformedField_RefusedAtThatField(string url, string sid, string from, string field, string code)
    {
        var result = await SaveSmsAsync(new SmsSettingsInput(false, url, sid, "secret-token", from));

        Assert.Equal([(field, code)], Problems(result));
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task SaveSmsAsync_SwitchedOnWithNothingFilledIn_EveryMissingCredentialReported()
    {
        var result = await SaveSmsAsync(new SmsSettingsInput(true, "", null, " ", null));

        Assert.Equal(
            ["baseUrl", "accountSid", "authToken", "fromNumber"],
            Problems(result).Select(p => p.Field));
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public async Task SaveSmsAsync_SavedThenTokenLeftBlank_TokenKeptHintShownAndAuditedWithoutIt()
    {
        Assert.True((await SaveSmsAsync(new SmsSettingsInput(true, "https://space.signalwire.com/api/laml", " AC123 ", "sms-secret-9876", "+15005550006"))).IsSuccess);
        var first = await StoredAsync();
        Assert.Equal((true, "https://space.signalwire.com/api/laml", "AC123", "+15005550006"),
            (first!.SmsEnabled, first.SmsBaseUrl, first.SmsAccountSid, first.SmsFromNumber));
        Assert.DoesNotContain("sms-secret-9876", first.SmsAuthTokenProtected, StringComparison.Ordinal);

        // Switching on again with the token left blank uses the stored one.
        Assert.True((await SaveSmsAsync(new SmsSettingsInput(true, "https://api.twilio.com", "AC123", null, "+15005550006"))).IsSuccess);

        var kept = await StoredAsync();
        Assert.Equal((first.SmsAuthTokenProtected, "https://api.twilio.com"), (kept!.SmsAuthTokenProtected, kept.SmsBaseUrl));
        var view = await AdminAsync(a => a.GetAsync(CancellationToken.None));
        Assert.Equal(("…9876", true), (view.SmsTokenHint, view.SmsEnabled));
        var audit = await AuditAsync("notifications.sms_settings_saved");
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.DoesNotContain("sms-secret", (e.BeforeJson ?? "") + e.AfterJson, StringComparison.Ordinal));
        Assert.Contains("space.signalwire.com", audit[1].BeforeJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveSmsAsync_SupportAgent_RefusedAsNotAnAdministrator()
    {
        var result = await SaveSmsAsync(new SmsSettingsInput(true, "https://api.twilio.com", "AC123", "token", "+15005550006"), _data.SupportId);

        Assert.Equal(NotificationErrors.NotStaff, result.Error?.Code);
        Assert.Null(await StoredAsync());
    }
}
