using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Telegram;
using GameHost.Tests.Domain.Notifications;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Notifications.Channels;

/// <summary>Linking a chat by sending the one-time code to the bot, read through getUpdates from the local fake API.</summary>
public sealed class TelegramLinkingTests : IAsyncLifetime
{
    private FakeTelegramBotApi _telegram = default!;
    private NotificationTestData _data = default!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramBotApi.StartAsync();
        _data = new NotificationTestData(telegramApi: _telegram.BaseAddress.ToString().TrimEnd('/'));
    }

    public async Task DisposeAsync()
    {
        _data.Dispose();
        await _telegram.DisposeAsync();
    }

    private async Task<T> WithLinkingAsync<T>(Func<TelegramLinking, Task<T>> action)
    {
        await using var scope = _data.Scope();
        return await action(NotificationTestData.Get<TelegramLinking>(scope));
    }

    [Fact]
    public async Task CreateCodeAsync_TelegramNotConfigured_IsRefused()
    {
        var result = await WithLinkingAsync(l => l.CreateCodeAsync(_data.CustomerId, CancellationToken.None));

        Assert.Equal(NotificationErrors.TelegramNotConfigured, result.Error?.Code);
    }

    [Fact]
    public async Task PollAsync_StartWithCode_LinksChatRepliesAndNeverReprocesses()
    {
        await _data.EnableTelegramAsync();
        var code = (await WithLinkingAsync(l => l.CreateCodeAsync(_data.CustomerId, CancellationToken.None))).Value!;
        Assert.Equal($"https://t.me/PixelHostBot?start={code.Code}", code.DeepLink);
        _telegram.AddIncoming(100, chatId: 9001, text: "hello");
        _telegram.AddIncoming(101, chatId: 9002, text: "/start WRNGCDEX");
        _telegram.AddIncoming(102, chatId: 9003, text: $"/start {code.Code.ToLowerInvariant()}", username: "alice_plays");

        var first = await WithLinkingAsync(l => l.PollAsync(CancellationToken.None));
        var second = await WithLinkingAsync(l => l.PollAsync(CancellationToken.None));

        Assert.Equal(new TelegramPollResult(3, 1), first);
        Assert.Equal(new TelegramPollResult(0, 0), second);
        Assert.Equal([0L, 103L], _telegram.GetUpdatesOffsets.ToArray());
        await using var db = _data.Database.NewContext();
        var contact = await db.NotificationContacts().SingleAsync(c => c.UserId == _data.CustomerId);
        Assert.Equal(9003, contact.TelegramChatId);
        Assert.Equal("alice_plays", contact.TelegramUsername);
        Assert.Null(contact.TelegramLinkCode);
        // The linked chat is thanked, the wrong code is told so, the chatter is ignored.
        Assert.Equal([9002L, 9003L], _telegram.Sent.Select(m => m.ChatId).Order().ToArray());
        Assert.Contains("PixelHost", _telegram.Sent.Single(m => m.ChatId == 9003).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollAsync_ExpiredCode_DoesNotLink()
    {
        await _data.EnableTelegramAsync();
        var code = (await WithLinkingAsync(l => l.CreateCodeAsync(_data.CustomerId, CancellationToken.None))).Value!;
        _data.Time.Advance(TimeSpan.FromMinutes(31));
        _telegram.AddIncoming(1, chatId: 9003, text: code.Code);

        var result = await WithLinkingAsync(l => l.PollAsync(CancellationToken.None));

        Assert.Equal(0, result.Linked);
        await using var db = _data.Database.NewContext();
        Assert.Null((await db.NotificationContacts().SingleAsync()).TelegramChatId);
    }

    [Theory]
    [InlineData("/start ABCDEFGH", "ABCDEFGH")]
    [InlineData("/start@PixelHostBot abcdefgh", "ABCDEFGH")]
    [InlineData("  ABCDEFGH ", "ABCDEFGH")]
    [InlineData("ABCDEFG", null)]
    [InlineData("my code is ABCDEFGH", null)]
    [InlineData("/start", null)]
    [InlineData("ABCDEFG0", null)]
    public void CodeIn_Message_FindsOnlyAWellFormedCode(string text, string? expected)
    {
        Assert.Equal(expected, TelegramLinking.CodeIn(text));
    }
}
