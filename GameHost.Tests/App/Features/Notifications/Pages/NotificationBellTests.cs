using System.Security.Claims;
using Bunit;
using GameHost.App.Features.Notifications.Bell;
using GameHost.App.Features.Notifications.Cabinet;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Inbox;
using GameHost.Domain.Notifications.Preferences;
using GameHost.Domain.Notifications.Telegram;
using GameHost.Tests.Domain.Notifications;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Notifications.Pages;

/// <summary>
/// The bell and the notifications page rendered with bUnit over the real feature classes: a notification raised
/// elsewhere (another request, a job) reaches an open page through the in-process signals, without a reload.
/// </summary>
public sealed class NotificationBellTests : BunitContext, IAsyncLifetime
{
    private readonly NotificationTestData _data = new();

    public NotificationBellTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(_data.Signals);
        Services.AddScoped(_ => _data.Services.GetRequiredService<NotificationInbox>());
        Services.AddScoped(_ => _data.Services.GetRequiredService<NotificationPreferences>());
        Services.AddScoped(_ => _data.Services.GetRequiredService<TelegramLinking>());
        var auth = AddAuthorization();
        auth.SetAuthorized("alice@players.test");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _data.CustomerId.ToString()));
    }

    private Task RaiseAsync(string key, Guid? user = null) =>
        _data.NotifyAsync(Codes.ServerReady, user ?? _data.CustomerId, key, new() { ["server_name"] = "Survival SMP", ["address"] = "a:1" });

    [Fact]
    public async Task Bell_NotificationRaisedElsewhere_CountUpdatesLiveWithoutReload()
    {
        await RaiseAsync("ready:1");
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=notification-count]").TextContent));

        await Task.Run(() => RaiseAsync("ready:2"));
        await Task.Run(() => RaiseAsync("ready:3", _data.SpanishCustomerId));

        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=notification-count]").TextContent));
        Assert.Equal(1, _data.Signals.SubscriberCount(_data.CustomerId));
        Assert.Equal("/cabinet/notifications", bell.Find("a[data-testid=notification-bell]").GetAttribute("href"));
    }

    [Fact]
    public async Task Page_Opened_ShownItemsAreReadAndTheBellDropsLiveAndUnsubscribesWhenGone()
    {
        await RaiseAsync("ready:1");
        await RaiseAsync("ready:2");
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=notification-count]").TextContent));

        var page = Render<NotificationCenter>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=inbox-item]").Count));
        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid=notification-count]").TextContent));
        // Read in the store, still highlighted as new for this visit.
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=inbox-item]"), i =>
            Assert.Equal(("true", "true"), (i.GetAttribute("data-read"), i.GetAttribute("data-new")))));
        Assert.Equal(2, page.FindAll("[data-testid=inbox-item-new]").Count);
        await using (var db = _data.Database.NewContext())
        {
            Assert.All(db.Set<Notification>().Where(n => n.UserId == _data.CustomerId).ToList(), n => Assert.NotNull(n.ReadAtUtc));
        }

        Assert.Equal(2, _data.Signals.SubscriberCount(_data.CustomerId));
        await DisposeComponentsAsync();
        Assert.Equal(0, _data.Signals.SubscriberCount(_data.CustomerId));
    }

    [Fact]
    public async Task Page_ReopenedLater_EarlierItemsNoLongerNew()
    {
        await RaiseAsync("ready:1");
        var first = Render<NotificationCenter>();
        first.WaitForAssertion(() => Assert.Equal("true", first.Find("[data-testid=inbox-item]").GetAttribute("data-read")));
        await DisposeComponentsAsync();

        var again = Render<NotificationCenter>();

        again.WaitForAssertion(() => Assert.Equal("false", again.Find("[data-testid=inbox-item]").GetAttribute("data-new")));
        Assert.Empty(again.FindAll("[data-testid=inbox-item-new]"));
    }

    [Fact]
    public async Task Page_OtherTabOpenWhenOneArrives_StaysUnreadUntilTheInboxIsShown()
    {
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=inbox-empty]")));
        await page.FindAll(".mud-tab")[2].ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=preference-row]")));

        await Task.Run(() => RaiseAsync("ready:1"));

        bell.WaitForAssertion(() => Assert.Equal("1", bell.Find("[data-testid=notification-count]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("mud-badge", page.Find(".mud-tab").InnerHtml, StringComparison.Ordinal));
        await using (var db = _data.Database.NewContext())
        {
            Assert.Null(db.Set<Notification>().Single(n => n.UserId == _data.CustomerId).ReadAtUtc);
        }

        await page.FindAll(".mud-tab")[0].ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid=inbox-item]").GetAttribute("data-read")));
        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid=notification-count]").TextContent));
    }

    [Fact]
    public async Task Page_NewNotificationWhileOpen_AppearsAsNewAndIsRead()
    {
        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=inbox-empty]")));

        await Task.Run(() => RaiseAsync("ready:1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=inbox-item]")));
        Assert.Contains("Survival SMP is ready", page.Find("[data-testid=inbox-item]").TextContent, StringComparison.Ordinal);
        // It was shown, so it is read, and it stays marked new while the page is open.
        page.WaitForAssertion(() => Assert.Equal(("true", "true"),
            (page.Find("[data-testid=inbox-item]").GetAttribute("data-read"), page.Find("[data-testid=inbox-item]").GetAttribute("data-new"))));
    }

    [Fact]
    public async Task Page_MoreThanOnePage_ShowOlderReachesTheRestOfTheNotificationsAndEmails()
    {
        var total = NotificationInbox.PageSize + 5;
        for (var i = 1; i <= total; i++)
        {
            await RaiseAsync($"ready:{i}"); // each one is also an e-mail
            _data.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.Equal(NotificationInbox.PageSize, page.FindAll("[data-testid=inbox-item]").Count));
        Assert.Equal("Show older", page.Find("[data-testid=inbox-older]").TextContent.Trim());

        await page.Find("[data-testid=inbox-older]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(total, page.FindAll("[data-testid=inbox-item]").Count));
        Assert.Empty(page.FindAll("[data-testid=inbox-older]"));
        // The older page was shown, so it is read too: nothing is left unread.
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=inbox-item]"), i => Assert.Equal("true", i.GetAttribute("data-read"))));
        await using (var db = _data.Database.NewContext())
        {
            Assert.Equal(0, db.Set<Notification>().Count(n => n.UserId == _data.CustomerId && n.ReadAtUtc == null));
        }

        // A notification arriving now keeps the older page on screen.
        await Task.Run(() => RaiseAsync("ready:late"));
        page.WaitForAssertion(() => Assert.Equal(total + 1, page.FindAll("[data-testid=inbox-item]").Count));

        await page.FindAll(".mud-tab")[1].ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(NotificationInbox.PageSize, page.FindAll("[data-testid=email-item]").Count));

        await page.Find("[data-testid=emails-older]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(total, page.FindAll("[data-testid=email-item]").Count));
        Assert.Empty(page.FindAll("[data-testid=emails-older]"));
    }

    [Fact]
    public async Task Page_Preferences_MandatoryEmailIsLockedOptionalIsNot()
    {
        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".mud-tab").Count));
        await page.FindAll(".mud-tab")[2].ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=preference-row]")));
        var locked = page.Find($"input[data-testid='pref-{Codes.InvoiceOverdue}-email']");
        var open = page.Find($"input[data-testid='pref-{Codes.ServerReady}-email']");
        Assert.True(locked.HasAttribute("disabled"));
        Assert.True(locked.HasAttribute("checked"));
        Assert.True(open.HasAttribute("checked"));
        Assert.False(open.HasAttribute("disabled"));

        await open.ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = false });

        page.WaitForAssertion(() => Assert.False(page.Find($"input[data-testid='pref-{Codes.ServerReady}-email']").HasAttribute("checked")));
        await using var db = _data.Database.NewContext();
        var stored = Assert.Single(db.Set<NotificationPreference>());
        Assert.Equal((Codes.ServerReady, NotificationChannel.Email, false), (stored.EventCode, stored.Channel, stored.Enabled));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _data.Dispose();
    }
}
