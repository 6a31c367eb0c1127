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
    public async Task Bell_MarkAllReadOnThePage_ClearsTheBellAndTheBellUnsubscribesWhenGone()
    {
        await RaiseAsync("ready:1");
        await RaiseAsync("ready:2");
        var bell = Render<NotificationBell>(p => p.Add(b => b.Href, "/cabinet/notifications"));
        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=inbox-item]").Count));
        bell.WaitForAssertion(() => Assert.Equal("2", bell.Find("[data-testid=notification-count]").TextContent));

        await page.Find("[data-testid=mark-all-read] button, button[data-testid=mark-all-read]").ClickAsync(new());

        bell.WaitForAssertion(() => Assert.Equal("0", bell.Find("[data-testid=notification-count]").TextContent));
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=inbox-item]"), i => Assert.Equal("true", i.GetAttribute("data-read"))));

        Assert.Equal(2, _data.Signals.SubscriberCount(_data.CustomerId));
        await DisposeComponentsAsync();
        Assert.Equal(0, _data.Signals.SubscriberCount(_data.CustomerId));
    }

    [Fact]
    public async Task Page_NewNotificationWhileOpen_AppearsInTheList()
    {
        var page = Render<NotificationCenter>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=inbox-empty]")));

        await Task.Run(() => RaiseAsync("ready:1"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=inbox-item]")));
        Assert.Contains("Survival SMP is ready", page.Find("[data-testid=inbox-item]").TextContent, StringComparison.Ordinal);
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
