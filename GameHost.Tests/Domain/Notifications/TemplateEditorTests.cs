using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Notifications.Staff;
using GameHost.Domain.Notifications.Templates;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Codes = GameHost.Domain.Notifications.Catalogue.NotificationCatalogue.Codes;

namespace GameHost.Tests.Domain.Notifications;

public sealed class TemplateEditorTests : IDisposable
{
    private readonly NotificationTestData _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<T> WithEditorAsync<T>(Func<TemplateEditor, Task<T>> action)
    {
        await using var scope = _data.Scope();
        return await action(NotificationTestData.Get<TemplateEditor>(scope));
    }

    [Fact]
    public async Task SaveAsync_UnknownPlaceholder_IsRefusedNamingIt()
    {
        var draft = new TemplateDraft(Codes.ServerReady, NotificationChannel.Email, "en", "Ready {{ server_name }}", "Your password: {{ password }}");

        var result = await WithEditorAsync(e => e.SaveAsync(_data.AdminId, draft, CancellationToken.None));

        Assert.Equal(NotificationErrors.TemplateUnknownPlaceholder, result.Error?.Code);
        Assert.Equal("body", result.Error?.Field);
        Assert.Equal(["password"], result.Error!.Details);
        await using var db = _data.Database.NewContext();
        Assert.Equal(0, await db.NotificationTemplates().CountAsync());
    }

    [Fact]
    public async Task SaveAsync_NotAnAdmin_IsRefused()
    {
        var draft = new TemplateDraft(Codes.ServerReady, NotificationChannel.Email, "en", "Ready", "Ready");

        var support = await WithEditorAsync(e => e.SaveAsync(_data.SupportId, draft, CancellationToken.None));
        var customer = await WithEditorAsync(e => e.SaveAsync(_data.CustomerId, draft, CancellationToken.None));

        Assert.Equal(NotificationErrors.NotStaff, support.Error?.Code);
        Assert.Equal(NotificationErrors.NotStaff, customer.Error?.Code);
    }

    [Fact]
    public async Task SaveThenReset_OverrideAppliesThenDefaultReturns_BothAudited()
    {
        var draft = new TemplateDraft(Codes.ServerReady, NotificationChannel.Sms, "es", "ignored for SMS", "¡{{ server_name }} listo!");

        Assert.True((await WithEditorAsync(e => e.SaveAsync(_data.AdminId, draft, CancellationToken.None))).IsSuccess);
        Assert.True((await WithEditorAsync(e => e.SaveAsync(_data.AdminId, draft, CancellationToken.None))).IsSuccess);
        var saved = await WithEditorAsync(e => e.GetAsync(Codes.ServerReady, NotificationChannel.Sms, "es", CancellationToken.None));
        await using (var db = _data.Database.NewContext())
        {
            var resolved = await NotificationTemplates.ResolveAsync(db, Codes.ServerReady, NotificationChannel.Sms, "es", CancellationToken.None);
            Assert.Equal(new NotificationTemplate(null, "¡{{ server_name }} listo!", true), resolved);
            var english = await NotificationTemplates.ResolveAsync(db, Codes.ServerReady, NotificationChannel.Sms, "en", CancellationToken.None);
            Assert.False(english.IsOverride);
        }

        Assert.True(saved.Current.IsOverride);
        Assert.Equal("olivia@gamehost.test", saved.UpdatedBy);
        Assert.True((await WithEditorAsync(e => e.ResetAsync(_data.AdminId, Codes.ServerReady, NotificationChannel.Sms, "es", CancellationToken.None))).IsSuccess);
        Assert.True((await WithEditorAsync(e => e.ResetAsync(_data.AdminId, Codes.ServerReady, NotificationChannel.Sms, "es", CancellationToken.None))).IsSuccess);

        var reset = await WithEditorAsync(e => e.GetAsync(Codes.ServerReady, NotificationChannel.Sms, "es", CancellationToken.None));
        Assert.False(reset.Current.IsOverride);
        Assert.Equal(reset.Default, reset.Current);
        await using var check = _data.Database.NewContext();
        var actions = await check.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["notifications.template_saved", "notifications.template_reset"], actions);
    }

    [Fact]
    public void Preview_EmailDraftOnSampleData_RendersLikeTheRealThing()
    {
        var preview = TemplateEditor.Preview(new TemplateDraft(Codes.InvoiceIssued, NotificationChannel.Email, "en", "Invoice {{ invoice_number }}", "Hi {{ name }}, pay {{ amount }} {{ unknown }}<b>"));

        Assert.Equal("Invoice INV-2026-0042", preview.Subject);
        Assert.StartsWith("Hi Alex Rivera, pay $12.00 <b>", preview.Text, StringComparison.Ordinal);
        Assert.Contains("Hi Alex Rivera, pay $12.00 &lt;b&gt;", preview.Html!, StringComparison.Ordinal);
        // A mandatory event: no unsubscribe footer.
        Assert.DoesNotContain("unsubscribe", preview.Html!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_ChannelNotOfferedAndUnsupportedLanguage_AreReported()
    {
        var errors = TemplateEditor.Validate(new TemplateDraft(Codes.PasswordReset, NotificationChannel.Telegram, "fr", "x", "y"));

        Assert.Contains(errors, e => e.Code == NotificationErrors.ChannelNotOffered);
        Assert.Contains(errors, e => e.Code == NotificationErrors.UnsupportedLanguage);
    }
}
