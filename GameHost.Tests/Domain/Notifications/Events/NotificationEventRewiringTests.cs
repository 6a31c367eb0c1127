using GameHost.App.Features.Notifications.SignIn;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications.Events;

/// <summary>What the senders moved onto the notifier rely on: another address, new-browser sign-ins, one retry schedule.</summary>
public sealed class NotificationEventRewiringTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task NotifyAsync_EmailAddressGiven_SendsTheEmailThereAndKeepsTheInAppEntryWithTheUser()
    {
        await _data.NotifyAsync(Codes.EmailChanged, _data.CustomerId, "email-changed:1",
            new() { ["old_email"] = "alice@players.test", ["new_email"] = "alice@new.test" });
        await using (var scope = _data.Scope())
        {
            var db = NotificationTestData.Get<GameHostDbContext>(scope);
            await NotificationTestData.Get<Notifier>(scope).NotifyAsync(db, new NotifyRequest(
                Codes.EmailChangeConfirm, _data.CustomerId, new Dictionary<string, string?> { ["new_email"] = "alice@new.test" },
                "email-change:1", "https://hosting.test/account/confirm-email-change?code=x", EmailAddress: "alice@new.test"), CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var check = _data.Database.NewContext();
        var emails = await check.OutboundEmails.AsNoTracking().OrderBy(e => e.Category).ToListAsync();
        Assert.Equal([(Codes.EmailChangeConfirm, "alice@new.test"), (Codes.EmailChanged, "alice@players.test")], emails.Select(e => (e.Category, e.ToAddress)));
        Assert.Contains("alice@new.test", emails[0].TextBody, StringComparison.Ordinal);
        Assert.Contains("https://hosting.test/account/confirm-email-change?code=x", emails[0].TextBody, StringComparison.Ordinal);
        var notifications = await check.Notifications().AsNoTracking().ToListAsync();
        Assert.All(notifications, n => Assert.Equal(_data.CustomerId, n.UserId));
        // The confirmation is e-mail only; the change notice is also in the app.
        Assert.Equal([false, true], notifications.OrderBy(n => n.EventCode).Select(n => n.ShowInApp));
    }

    [Fact]
    public async Task AfterSignInAsync_FirstEverSignIn_RaisesNothingButMarksTheBrowser()
    {
        var (notice, http) = NewSignIn(device: null);

        await notice.AfterSignInAsync(await UserAsync(), previousLoginUtc: null, CancellationToken.None);

        Assert.Contains(NewSignInNotice.DeviceCookie + "=", http.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        await using var db = _data.Database.NewContext();
        Assert.Empty(await db.Notifications().ToListAsync());
    }

    [Fact]
    public async Task AfterSignInAsync_UnknownBrowserThenSameBrowserAgain_NotifiesOnce()
    {
        const string device = "0123456789abcdef0123456789abcdef";
        var user = await UserAsync();

        var (first, _) = NewSignIn(device);
        await first.AfterSignInAsync(user, _data.NowUtc.AddDays(-1), CancellationToken.None);
        var (again, _) = NewSignIn(device);
        await again.AfterSignInAsync(user, _data.NowUtc, CancellationToken.None);
        var (otherBrowser, _) = NewSignIn("fedcba9876543210fedcba9876543210");
        await otherBrowser.AfterSignInAsync(user, _data.NowUtc, CancellationToken.None);

        await using var db = _data.Database.NewContext();
        var notifications = await db.Notifications().AsNoTracking().Where(n => n.EventCode == Codes.NewLogin).ToListAsync();
        Assert.Equal(2, notifications.Count);
        Assert.All(notifications, n => Assert.Contains("203.0.113.9", n.Body, StringComparison.Ordinal));
        Assert.Contains("<script>Firefox</script>", notifications[0].Body, StringComparison.Ordinal);
        var email = await db.OutboundEmails.AsNoTracking().FirstAsync(e => e.Category == Codes.NewLogin);
        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryDelay_SameRowAndAttempt_EmailAndTelegramOrSmsFollowOneSchedule()
    {
        var id = Guid.NewGuid();
        var email = new EmailDeliveryOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };
        var other = new NotificationDeliveryOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };

        var delays = Enumerable.Range(1, 10).Select(a => (EmailDispatcher.RetryDelay(id, a, email), NotificationDispatcher.RetryDelay(id, a, other))).ToList();

        Assert.All(delays, d => Assert.Equal(d.Item1, d.Item2));
        Assert.All(delays.Select(d => d.Item1), d => Assert.InRange(d, TimeSpan.FromSeconds(24), TimeSpan.FromHours(1)));
        Assert.True(delays[1].Item1 > delays[0].Item1);
        Assert.Equal(TimeSpan.FromMinutes(5), RetriedSend.RetryDelay(id, 1, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void MarkFailedThenRequeue_EitherRow_MovesItsOwnStatusAndKeepsTheError()
    {
        var now = NotificationTestData.Start.UtcDateTime;
        var email = new OutboundEmail { Status = OutboundEmailStatus.Pending };
        var delivery = new NotificationDelivery { Status = DeliveryStatus.Pending };

        foreach (var row in new RetriedSend[] { email, delivery })
        {
            row.Claim(now.AddMinutes(2));
            row.MarkFailed(new string('x', 3000));
            Assert.Equal(RetriedSend.MaxErrorLength, row.LastError!.Length);
        }

        Assert.Equal((OutboundEmailStatus.Failed, DeliveryStatus.Failed), (email.Status, delivery.Status));
        email.Requeue(now);
        delivery.Requeue(now);
        Assert.Equal((OutboundEmailStatus.Pending, DeliveryStatus.Pending, 0, 0), (email.Status, delivery.Status, email.Attempts, delivery.Attempts));
        Assert.NotNull(email.LastError);
        delivery.MarkSent(now);
        Assert.Equal((DeliveryStatus.Sent, (string?)null, 4), (delivery.Status, delivery.LastError, delivery.Version));
    }

    private async Task<GameHost.Domain.Accounts.ApplicationUser> UserAsync()
    {
        await using var db = _data.Database.NewContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == _data.CustomerId);
    }

    private (NewSignInNotice Notice, DefaultHttpContext Http) NewSignIn(string? device)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");
        http.Request.Headers.UserAgent = "<script>Firefox</script>";
        if (device is not null)
        {
            http.Request.Headers.Cookie = $"{NewSignInNotice.DeviceCookie}={device}";
        }

        var notice = new NewSignInNotice(
            new HttpContextAccessor { HttpContext = http }, _data.Services.GetRequiredService<Notifier>(),
            _data.Services.GetRequiredService<IDbContextFactory<GameHostDbContext>>(), _data.Time);
        return (notice, http);
    }
}
