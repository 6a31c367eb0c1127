using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>What the notifications page shows counts as read: only those, only the viewer's own, once.</summary>
public sealed class InboxReadOnViewTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<Notification> RaiseAsync(string key, Guid? user = null) =>
        (await _data.NotifyAsync(Codes.ServerReady, user ?? _data.CustomerId, key, new() { ["server_name"] = "Survival SMP", ["address"] = "a:1" }))!;

    [Fact]
    public async Task MarkShownReadAsync_ShownItems_OnlyThoseReadAndOpenBellsSignalled()
    {
        var shown = await RaiseAsync("ready:1");
        var notShown = await RaiseAsync("ready:2");
        var signals = 0;
        using var subscription = _data.Signals.Subscribe(_data.CustomerId, () => Interlocked.Increment(ref signals));
        await using var scope = _data.Scope();
        var inbox = NotificationTestData.Get<NotificationInbox>(scope);

        var changed = await inbox.MarkShownReadAsync(_data.CustomerId, [shown.Id], CancellationToken.None);

        Assert.Equal(1, changed);
        Assert.Equal(1, signals);
        Assert.Equal(1, await inbox.UnreadCountAsync(_data.CustomerId, CancellationToken.None));
        await using var db = _data.Database.NewContext();
        Assert.Equal(_data.NowUtc, (await db.Notifications().SingleAsync(n => n.Id == shown.Id)).ReadAtUtc);
        Assert.Null((await db.Notifications().SingleAsync(n => n.Id == notShown.Id)).ReadAtUtc);
    }

    [Fact]
    public async Task MarkShownReadAsync_ShownAgain_ChangesNothingAndSignalsNobody()
    {
        var item = await RaiseAsync("ready:1");
        await using var scope = _data.Scope();
        var inbox = NotificationTestData.Get<NotificationInbox>(scope);
        await inbox.MarkShownReadAsync(_data.CustomerId, [item.Id], CancellationToken.None);
        var firstRead = _data.NowUtc;
        _data.Time.Advance(TimeSpan.FromMinutes(5));
        var signals = 0;
        using var subscription = _data.Signals.Subscribe(_data.CustomerId, () => Interlocked.Increment(ref signals));

        var changed = await inbox.MarkShownReadAsync(_data.CustomerId, [item.Id, item.Id], CancellationToken.None);

        Assert.Equal((0, 0), (changed, signals));
        await using var db = _data.Database.NewContext();
        Assert.Equal(firstRead, (await db.Notifications().SingleAsync(n => n.Id == item.Id)).ReadAtUtc);
    }

    [Fact]
    public async Task MarkShownReadAsync_AnotherUsersId_LeavesItUnread()
    {
        var theirs = await RaiseAsync("ready:1", _data.SpanishCustomerId);
        await using var scope = _data.Scope();
        var inbox = NotificationTestData.Get<NotificationInbox>(scope);

        var changed = await inbox.MarkShownReadAsync(_data.CustomerId, [theirs.Id], CancellationToken.None);

        Assert.Equal(0, changed);
        Assert.Equal(1, await inbox.UnreadCountAsync(_data.SpanishCustomerId, CancellationToken.None));
    }
}
