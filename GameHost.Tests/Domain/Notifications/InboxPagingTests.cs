using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Tests.TestSupport;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

/// <summary>
/// The notifications page reaches every notification and every e-mail ever sent to the user, a page at a time:
/// keyset pages on (created, id), newest first, each row once, whatever arrives meanwhile.
/// </summary>
public sealed class InboxPagingTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private NotificationInbox Inbox() => new(new SqliteTestContextFactory(_data.Database), _data.Time, _data.Signals);

    /// <summary>
    /// Rows as they really exist: most a second apart with time-ordered ids, three written in the same instant, and two
    /// older ones with random ids (written before ids were time-ordered), which must still come in time order.
    /// </summary>
    private async Task<List<Guid>> SeedNotificationsAsync()
    {
        await using var db = _data.Database.NewContext();
        var rows = new List<Notification>();
        void Add(Guid id, DateTime at, Guid? user = null, bool inApp = true) => rows.Add(new Notification
        {
            Id = id, IdempotencyKey = $"seed:{id:N}", UserId = user ?? _data.CustomerId, EventCode = Codes.ServerReady, Title = $"t {id:N}",
            Body = "b", ShowInApp = inApp, CreatedAtUtc = at,
        });

        var start = _data.NowUtc.AddDays(-10);
        Add(Guid.NewGuid(), start.AddHours(-2));
        Add(Guid.NewGuid(), start.AddHours(-1));
        for (var i = 0; i < 6; i++)
        {
            var at = start.AddSeconds(i);
            Add(Guid.CreateVersion7(new DateTimeOffset(at)), at);
        }

        var same = start.AddMinutes(5);
        for (var i = 0; i < 3; i++)
        {
            Add(Guid.CreateVersion7(new DateTimeOffset(same)), same);
        }

        Add(Guid.CreateVersion7(new DateTimeOffset(start)), start.AddMinutes(1), user: _data.SpanishCustomerId); // someone else's
        Add(Guid.CreateVersion7(new DateTimeOffset(start)), start.AddMinutes(2), inApp: false); // e-mail only: not in the list
        db.Notifications().AddRange(rows);
        await db.SaveChangesAsync();
        return [.. rows.Where(n => n.UserId == _data.CustomerId && n.ShowInApp)
            .OrderByDescending(n => n.CreatedAtUtc).ThenByDescending(n => n.Id.ToString("D").ToUpperInvariant(), StringComparer.Ordinal).Select(n => n.Id)];
    }

    private static async Task<List<List<Guid>>> WalkAsync<T>(Func<InboxCursor?, Task<InboxPage<T>>> read, Func<T, (DateTime At, Guid Id)> key)
    {
        var pages = new List<List<Guid>>();
        InboxCursor? before = null;
        while (true)
        {
            var page = await read(before);
            pages.Add([.. page.Items.Select(i => key(i).Id)]);
            if (!page.HasOlder)
            {
                return pages;
            }

            var (at, id) = key(page.Items[^1]);
            before = new InboxCursor(at, id);
            Assert.True(pages.Count < 20, "the pages never end");
        }
    }

    [Fact]
    public async Task ListAsync_MoreThanAPage_PagesReachEveryOwnEntryOnceNewestFirst()
    {
        var expected = await SeedNotificationsAsync();

        var pages = await WalkAsync(before => Inbox().ListAsync(_data.CustomerId, 3, before, CancellationToken.None), i => (i.CreatedAtUtc, i.Id));

        Assert.Equal([3, 3, 3, 2], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task ListAsync_NewNotificationBetweenPages_OlderPagesNeitherRepeatNorSkip()
    {
        var expected = await SeedNotificationsAsync();
        var first = await Inbox().ListAsync(_data.CustomerId, 4, null, CancellationToken.None);

        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:late", new() { ["server_name"] = "Late" });
        var rest = await WalkAsync(
            before => Inbox().ListAsync(_data.CustomerId, 4, before ?? new InboxCursor(first.Items[^1].CreatedAtUtc, first.Items[^1].Id), CancellationToken.None),
            i => (i.CreatedAtUtc, i.Id));

        Assert.True(first.HasOlder);
        Assert.Equal(expected, first.Items.Select(i => i.Id).Concat(rest.SelectMany(p => p)));
    }

    [Fact]
    public async Task ListAsync_ExactlyOnePage_SaysNothingOlder()
    {
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", new() { ["server_name"] = "A" });
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:2", new() { ["server_name"] = "B" });

        var page = await Inbox().ListAsync(_data.CustomerId, 2, null, CancellationToken.None);

        Assert.Equal((2, false), (page.Items.Count, page.HasOlder));
    }

    [Fact]
    public async Task EmailsAsync_MoreThanAPage_EveryEmailOnceNewestFirstOthersLeftOut()
    {
        await using (var db = _data.Database.NewContext())
        {
            for (var i = 0; i < 7; i++)
            {
                new EmailOutbox(db, _data.Time).Add(new EmailMessage("alice@players.test", "Alice", $"Mail {i}", "text", null, "test", _data.CustomerId), $"mail:{i}");
                if (i % 3 != 0)
                {
                    _data.Time.Advance(TimeSpan.FromSeconds(1)); // some share an instant
                }
            }

            new EmailOutbox(db, _data.Time).Add(new EmailMessage("bruno@players.test", "Bruno", "Other", "text", null, "test", _data.SpanishCustomerId), "mail:other");
            await db.SaveChangesAsync();
        }

        var pages = await WalkAsync(before => Inbox().EmailsAsync(_data.CustomerId, 3, before, CancellationToken.None), e => (e.CreatedAtUtc, e.Id));

        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
        await using var check = _data.Database.NewContext();
        var expected = check.OutboundEmails.AsEnumerable().Where(e => e.UserId == _data.CustomerId)
            .OrderByDescending(e => e.CreatedAtUtc).ThenByDescending(e => e.Id.ToString("D").ToUpperInvariant(), StringComparer.Ordinal).Select(e => e.Id);
        Assert.Equal(expected, pages.SelectMany(p => p));
    }
}
