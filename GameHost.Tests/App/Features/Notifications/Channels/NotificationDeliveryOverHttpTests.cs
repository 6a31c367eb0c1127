using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Staff;
using GameHost.Tests.Domain.Notifications;
using GameHost.Tests.TestSupport;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Notifications.Channels;

/// <summary>
/// The notification dispatcher driving the real Telegram.Bot and SMS adapters over HTTP against local fakes of the
/// Telegram Bot API and a Twilio-compatible provider, with failures injected: retries with backoff, the provider's
/// retry-after honoured, permanent refusals, time-outs, attempts used up, and the staff resend.
/// </summary>
public sealed class NotificationDeliveryOverHttpTests : IAsyncLifetime
{
    private const long ChatId = 777001;
    private FakeTelegramBotApi _telegram = default!;
    private FakeSmsProvider _sms = default!;
    private NotificationTestData _data = default!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync();
        _sms = await FakeSmsProvider.StartAsync();
        _data = new NotificationTestData(telegramApi: _telegram.BaseAddress.ToString().TrimEnd('/'));
        await _data.EnableTelegramAsync();
        await _data.EnableSmsAsync(_sms.BaseAddress);
        await _data.LinkTelegramAsync(_data.CustomerId, ChatId);
        await _data.SetPhoneAsync(_data.CustomerId, "+34600111222");
        await _data.ChooseAsync(_data.CustomerId, Codes.ServerReady, NotificationChannel.Sms, true);
    }

    public async Task DisposeAsync()
    {
        _data.Dispose();
        await _telegram.DisposeAsync();
        await _sms.DisposeAsync();
    }

    private Task RaiseAsync(string key = "ready:1") =>
        _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, key, new() { ["server_name"] = "Survival <SMP>", ["address"] = "play.test:25565" });

    private async Task<NotificationDispatchResult> DispatchAsync()
    {
        await using var scope = _data.Scope();
        return await NotificationTestData.Get<NotificationDispatcher>(scope).DispatchAsync(CancellationToken.None);
    }

    private async Task<NotificationDelivery> DeliveryAsync(NotificationChannel channel) => Assert.Single(await _data.DeliveriesAsync(channel));

    [Fact]
    public async Task DispatchAsync_BothChannelsUp_SendsPlainTextOnceEach()
    {
        await RaiseAsync();

        var first = await DispatchAsync();
        var second = await DispatchAsync();

        Assert.Equal(new NotificationDispatchResult(2, 0, 0), first);
        Assert.Equal(new NotificationDispatchResult(0, 0, 0), second);
        var message = Assert.Single(_telegram.Sent);
        Assert.Equal(ChatId, message.ChatId);
        Assert.StartsWith("Survival <SMP> is ready", message.Text, StringComparison.Ordinal);
        Assert.Null(message.ParseMode);
        var sms = Assert.Single(_sms.Sent);
        Assert.Equal(new SentSms("+34600111222", "+15005550006", "PixelHost: Survival <SMP> is ready at play.test:25565."), sms);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync(NotificationChannel.Telegram)).Status);
        Assert.Equal(_data.NowUtc, (await DeliveryAsync(NotificationChannel.Sms)).SentAtUtc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    public async Task DispatchAsync_SmsProviderServedUnderAPath_PostsUnderThatPath(string trailing)
    {
        await using var prefixed = await FakeSmsProvider.StartAsync("/api/laml");
        await _data.EnableSmsAsync(new Uri(prefixed.ApiBase + trailing));
        await RaiseAsync();

        Assert.Equal(new NotificationDispatchResult(2, 0, 0), await DispatchAsync());

        var sms = Assert.Single(prefixed.Sent);
        Assert.Equal("+34600111222", sms.To);
        Assert.Equal(0, _sms.Requests);
        Assert.Equal(DeliveryStatus.Sent, (await DeliveryAsync(NotificationChannel.Sms)).Status);
    }

    [Fact]
    public async Task DispatchAsync_ServerErrors_RetryWithBackoffUntilSent()
    {
        await RaiseAsync();
        _telegram.Fail(FakeTelegramBotApi.ServerError());
        _sms.Fail(new FakeFault(503, "Service Unavailable"));
        var failedAt = _data.NowUtc;

        Assert.Equal(new NotificationDispatchResult(0, 2, 0), await DispatchAsync());
        var telegram = await DeliveryAsync(NotificationChannel.Telegram);
        Assert.Equal(1, telegram.Attempts);
        Assert.StartsWith("502", telegram.LastError, StringComparison.Ordinal);
        // First retry: 30 s, less up to a fifth of jitter.
        Assert.InRange(telegram.NextAttemptAtUtc, failedAt.AddSeconds(24), failedAt.AddSeconds(30));
        var sms = await DeliveryAsync(NotificationChannel.Sms);
        Assert.StartsWith("503", sms.LastError, StringComparison.Ordinal);

        // Each delivery draws its own jitter: just before the earlier of the two retries, neither is due.
        var firstRetry = telegram.NextAttemptAtUtc < sms.NextAttemptAtUtc ? telegram.NextAttemptAtUtc : sms.NextAttemptAtUtc;
        _data.Time.SetUtcNow(new DateTimeOffset(firstRetry.AddSeconds(-1), TimeSpan.Zero));
        Assert.Equal(0, (await DispatchAsync()).Sent + (await DispatchAsync()).Retried);

        _data.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(new NotificationDispatchResult(2, 0, 0), await DispatchAsync());
        Assert.Single(_telegram.Sent);
        Assert.Single(_sms.Sent);
        Assert.Equal(2, (await DeliveryAsync(NotificationChannel.Telegram)).Attempts);
    }

    [Fact]
    public async Task DispatchAsync_TooManyRequests_WaitsAtLeastWhatTheProviderAsked()
    {
        await RaiseAsync();
        _telegram.Fail(FakeTelegramBotApi.TooManyRequests(120));
        _sms.Fail(new FakeFault(429, "Too Many Requests", RetryAfterSeconds: 300));
        var failedAt = _data.NowUtc;

        await DispatchAsync();

        Assert.Equal(failedAt.AddSeconds(120), (await DeliveryAsync(NotificationChannel.Telegram)).NextAttemptAtUtc);
        Assert.Equal(failedAt.AddSeconds(300), (await DeliveryAsync(NotificationChannel.Sms)).NextAttemptAtUtc);
        _data.Time.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(new NotificationDispatchResult(1, 0, 0), await DispatchAsync());
        Assert.Single(_telegram.Sent);
        Assert.Empty(_sms.Sent);
    }

    [Fact]
    public async Task DispatchAsync_BotBlockedAndInvalidNumber_FailPermanentlyWithoutRetry()
    {
        await RaiseAsync();
        _telegram.Fail(FakeTelegramBotApi.Blocked());
        _sms.Fail(FakeSmsProvider.InvalidNumber());

        Assert.Equal(new NotificationDispatchResult(0, 0, 2), await DispatchAsync());
        _data.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new NotificationDispatchResult(0, 0, 0), await DispatchAsync());

        var telegram = await DeliveryAsync(NotificationChannel.Telegram);
        Assert.Equal(DeliveryStatus.Failed, telegram.Status);
        Assert.Contains("blocked by the user", telegram.LastError, StringComparison.Ordinal);
        var sms = await DeliveryAsync(NotificationChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, sms.Status);
        Assert.Contains("not a valid phone number", sms.LastError, StringComparison.Ordinal);
        Assert.Equal(1, _telegram.Requests);
    }

    [Fact]
    public async Task DispatchAsync_ProviderDoesNotAnswer_TimesOutAndRetries()
    {
        await RaiseAsync();
        _telegram.Fail(FakeFault.Hang(TimeSpan.FromSeconds(12)));

        var result = await DispatchAsync();

        Assert.Equal(1, result.Retried);
        var telegram = await DeliveryAsync(NotificationChannel.Telegram);
        Assert.Equal(DeliveryStatus.Pending, telegram.Status);
        Assert.Contains("did not answer", telegram.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAsync_AttemptsUsedUp_FailsThenStaffResendDelivers()
    {
        await RaiseAsync();
        for (var i = 0; i < 4; i++)
        {
            _sms.Fail(new FakeFault(500, "Internal Server Error"));
        }

        for (var attempt = 0; attempt < 4; attempt++)
        {
            await DispatchAsync();
            _data.Time.Advance(TimeSpan.FromHours(2));
        }

        var failed = await DeliveryAsync(NotificationChannel.Sms);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Equal(4, failed.Attempts);
        Assert.Empty(_sms.Sent);

        await using (var scope = _data.Scope())
        {
            var log = NotificationTestData.Get<DeliveryLog>(scope);
            var entry = Assert.Single(await log.ListAsync(new DeliveryLogFilter(Channel: NotificationChannel.Sms, Status: DeliveryLogStatus.Failed), CancellationToken.None));
            Assert.Equal(4, entry.Attempts);
            Assert.Equal("alice@players.test", entry.Recipient);
            Assert.Equal(NotificationErrors.NotStaff, (await log.ResendAsync(_data.CustomerId, failed.Id, CancellationToken.None)).Error?.Code);
            Assert.True((await log.ResendAsync(_data.SupportId, failed.Id, CancellationToken.None)).IsSuccess);
            Assert.Equal(NotificationErrors.NotResendable, (await log.ResendAsync(_data.SupportId, failed.Id, CancellationToken.None)).Error?.Code);
        }

        Assert.Equal(1, (await DispatchAsync()).Sent);
        Assert.Single(_sms.Sent);
        var resent = await DeliveryAsync(NotificationChannel.Sms);
        Assert.Equal(DeliveryStatus.Sent, resent.Status);
        Assert.Equal(1, resent.Attempts);
    }

    [Fact]
    public async Task DispatchAsync_WrongSmsCredentials_IsRetriedNotDropped()
    {
        await _data.EnableSmsAsync(_sms.BaseAddress, authToken: "wrong-token");
        await RaiseAsync();

        await DispatchAsync();

        var sms = await DeliveryAsync(NotificationChannel.Sms);
        Assert.Equal(DeliveryStatus.Pending, sms.Status);
        Assert.Contains("401", sms.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendTestAsync_AdminWithLinkedChat_SendsAtOnceAndReportsFailures()
    {
        await _data.LinkTelegramAsync(_data.AdminId, 555);
        await using var scope = _data.Scope();
        var admin = NotificationTestData.Get<ChannelSettingsAdmin>(scope);

        Assert.True((await admin.SendTestAsync(_data.AdminId, NotificationChannel.Telegram, null, CancellationToken.None)).IsSuccess);
        Assert.Equal(555, Assert.Single(_telegram.Sent).ChatId);

        _sms.Fail(FakeSmsProvider.InvalidNumber());
        var failed = await admin.SendTestAsync(_data.AdminId, NotificationChannel.Sms, "+34 600 111 333", CancellationToken.None);
        Assert.Equal(NotificationErrors.SendFailed, failed.Error?.Code);
        Assert.Equal(NotificationErrors.InvalidPhone, (await admin.SendTestAsync(_data.AdminId, NotificationChannel.Sms, "12", CancellationToken.None)).Error?.Code);
        Assert.Equal(NotificationErrors.NotStaff, (await admin.SendTestAsync(_data.SupportId, NotificationChannel.Telegram, null, CancellationToken.None)).Error?.Code);
    }
}
