using Bunit;
using GameHost.App.Features.Notifications.Admin;
using GameHost.Domain.Accounts;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Delivery;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Staff;
using GameHost.Domain.Notifications.Templates;
using GameHost.Tests.Domain.Notifications;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.App.Features.Notifications.Pages;

/// <summary>
/// The staff notification panels rendered with bUnit over the real feature classes and a migrated database: resending
/// from the delivery log, saving the channel settings, and saving and resetting a template.
/// </summary>
public sealed class NotificationsAdminPanelsTests : PageTestContext
{
    private readonly NotificationTestData _data = new();
    private readonly IRenderedComponent<MudSnackbarProvider> _snackbars;

    public NotificationsAdminPanelsTests()
    {
        Services.AddScoped(_ => _data.Services.GetRequiredService<DeliveryLog>());
        Services.AddScoped(_ => _data.Services.GetRequiredService<ChannelSettingsAdmin>());
        Services.AddScoped(_ => _data.Services.GetRequiredService<TemplateEditor>());
        SignIn(_data.AdminId, "olivia@gamehost.test", Roles.Admin);
        _snackbars = Render<MudSnackbarProvider>();
    }

    protected override void DisposeData() => _data.Dispose();

    private async Task<List<GameHost.Domain.Audit.AuditEntry>> AuditAsync(string action)
    {
        await using var db = _data.Database.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync();
    }

    [Fact]
    public async Task DeliveryLog_ResendAFailedTelegramMessage_RequeuedAuditedAndShownOnItsWay()
    {
        await _data.EnableTelegramAsync();
        await _data.LinkTelegramAsync(_data.CustomerId, 777001);
        await _data.NotifyAsync(Codes.ServerReady, _data.CustomerId, "ready:1", new() { ["server_name"] = "Survival SMP", ["address"] = "a:1" });
        await using (var db = _data.Database.NewContext())
        {
            await db.NotificationDeliveries().Where(d => d.Channel == NotificationChannel.Telegram).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.Attempts, 4).SetProperty(d => d.LastError, "403 Forbidden: bot was blocked by the user"));
        }

        var panel = Render<DeliveryLogPanel>();
        panel.WaitForAssertion(() => Assert.Equal(2, panel.FindAll("[data-testid=delivery-row]").Count));
        // The e-mail is still waiting in the outbox: only the failed message can be sent again.
        var resend = Assert.Single(panel.FindAll("[data-testid=delivery-resend]"));
        Assert.Contains("bot was blocked", resend.Closest("tr")!.TextContent, StringComparison.Ordinal);

        await resend.ClickAsync(new());

        _snackbars.WaitForAssertion(() => Assert.Contains("It will be sent again to 777001 (Telegram).", _snackbars.Markup, StringComparison.Ordinal));
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid=delivery-resend]")));
        await using var check = _data.Database.NewContext();
        var telegram = await check.NotificationDeliveries().AsNoTracking().SingleAsync(d => d.Channel == NotificationChannel.Telegram);
        Assert.Equal((DeliveryStatus.Pending, 0), (telegram.Status, telegram.Attempts));
        Assert.Equal(_data.AdminId, Assert.Single(await AuditAsync("notifications.delivery_resent")).ActorUserId);
    }

    [Fact]
    public async Task ChannelSettings_SaveSms_BadAddressShownAtItsFieldThenSavedWithTheTokenKeptAsAHint()
    {
        var panel = Render<ChannelSettingsPanel>();
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-testid=sms-settings]")));
        panel.Find("[data-testid=sms-enabled]").Change(true);
        Type(panel.Find("[data-testid=sms-url]"), "api.twilio.com");
        Type(panel.Find("[data-testid=sms-sid]"), "AC123");
        Type(panel.Find("[data-testid=sms-token]"), "sms-secret-9876");
        Type(panel.Find("[data-testid=sms-from]"), "+15005550006");

        await panel.InvokeAsync(() => panel.Find("[data-testid=sms-save]").Click());

        panel.WaitForAssertion(() => Assert.Contains("Enter the provider's address, e.g. https://api.twilio.com.", panel.Find("[data-testid=sms-settings]").TextContent, StringComparison.Ordinal));
        await using (var db = _data.Database.NewContext())
        {
            Assert.False(await db.NotificationChannelSettings().AnyAsync(s => s.SmsEnabled));
        }

        Type(panel.Find("[data-testid=sms-url]"), "https://space.signalwire.com/api/laml");
        await panel.InvokeAsync(() => panel.Find("[data-testid=sms-save]").Click());

        _snackbars.WaitForAssertion(() => Assert.Contains("Settings saved", _snackbars.Markup, StringComparison.OrdinalIgnoreCase));
        panel.WaitForAssertion(() => Assert.Contains("Stored (ends in …9876)", panel.Find("[data-testid=sms-settings]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("provider's address", panel.Find("[data-testid=sms-settings]").TextContent, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(panel.Find("[data-testid=sms-token]").GetAttribute("value")));
        await using var check = _data.Database.NewContext();
        var stored = await check.NotificationChannelSettings().AsNoTracking().SingleAsync();
        Assert.Equal((true, "https://space.signalwire.com/api/laml", "AC123", "+15005550006"), (stored.SmsEnabled, stored.SmsBaseUrl, stored.SmsAccountSid, stored.SmsFromNumber));
        Assert.Single(await AuditAsync("notifications.sms_settings_saved"));
    }

    /// <summary>The editor once it has opened, as it does, on the catalogue's first event's shipped English e-mail.</summary>
    private IRenderedComponent<TemplateEditorPanel> RenderTemplateEditor()
    {
        var shipped = NotificationTemplates.Default(NotificationCatalogue.All[0].Code, NotificationChannel.Email, "en");
        var panel = Render<TemplateEditorPanel>();
        panel.WaitForAssertion(() => Assert.Equal(shipped.Body, panel.Find("[data-testid=template-body]").GetAttribute("value")));
        return panel;
    }

    [Fact]
    public async Task TemplateEditor_TypedThenSavedAtOnce_SavesWhatWasTyped()
    {
        var first = NotificationCatalogue.All[0];
        var panel = RenderTemplateEditor();

        // Only input events, then the click at once: no blur, no change event, no pause for a timer.
        panel.Find("input[data-testid=template-subject]").Input("Welcome aboard, {{ name }}");
        panel.Find("textarea[data-testid=template-body]").Input("Hi {{ name }}, one click left: {{ link }}");
        await panel.InvokeAsync(() => panel.Find("[data-testid=template-save]").Click());

        _snackbars.WaitForAssertion(() => Assert.Contains("Template saved.", _snackbars.Markup, StringComparison.Ordinal));
        await using var db = _data.Database.NewContext();
        var stored = await db.NotificationTemplates().AsNoTracking().SingleAsync();
        Assert.Equal((first.Code, "Welcome aboard, {{ name }}", "Hi {{ name }}, one click left: {{ link }}"), (stored.EventCode, stored.Subject, stored.Body));
    }

    [Fact]
    public async Task TemplateEditor_SaveThenReset_OverrideStoredMarkedEditedThenBackToTheDefault()
    {
        var first = NotificationCatalogue.All[0];
        var panel = RenderTemplateEditor();
        Assert.True(panel.Find("[data-testid=template-reset]").HasAttribute("disabled"));

        Type(panel.Find("[data-testid=template-body]"), "Hi {{ name }}, {{ nope }}");
        panel.WaitForAssertion(() => Assert.True(panel.Find("[data-testid=template-save]").HasAttribute("disabled")));
        Assert.Contains(panel.FindAll(".mud-input-helper-text.mud-input-error"), e => e.TextContent.Contains("nope", StringComparison.Ordinal));

        Type(panel.Find("[data-testid=template-subject]"), "Confirm your address, {{ name }}");
        Type(panel.Find("[data-testid=template-body]"), "Hi {{ name }}, confirm here: {{ link }}");
        panel.WaitForAssertion(() => Assert.False(panel.Find("[data-testid=template-save]").HasAttribute("disabled")));
        await panel.InvokeAsync(() => panel.Find("[data-testid=template-save]").Click());

        _snackbars.WaitForAssertion(() => Assert.Contains("Template saved.", _snackbars.Markup, StringComparison.Ordinal));
        await using (var db = _data.Database.NewContext())
        {
            var stored = await db.NotificationTemplates().AsNoTracking().SingleAsync();
            Assert.Equal((first.Code, NotificationChannel.Email, "en", "Confirm your address, {{ name }}", "Hi {{ name }}, confirm here: {{ link }}"),
                (stored.EventCode, stored.Channel, stored.Language, stored.Subject, stored.Body));
        }

        panel.WaitForAssertion(() => Assert.Contains("edited", panel.Find($"[data-testid=template-event][data-event='{first.Code}']").TextContent, StringComparison.Ordinal));
        Assert.False(panel.Find("[data-testid=template-reset]").HasAttribute("disabled"));

        await panel.InvokeAsync(() => panel.Find("[data-testid=template-reset]").Click());

        panel.WaitForAssertion(() => Assert.DoesNotContain("edited", panel.Find($"[data-testid=template-event][data-event='{first.Code}']").TextContent, StringComparison.Ordinal));
        await using var check = _data.Database.NewContext();
        Assert.False(await check.NotificationTemplates().AnyAsync());
        Assert.True(panel.Find("[data-testid=template-reset]").HasAttribute("disabled"));
        Assert.Equal(2, (await check.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("notifications.template")).ToListAsync()).Count);
    }
}
