using Bunit;
using GameHost.App.Features.Support.Mail;
using GameHost.Domain.Audit;
using GameHost.Domain.Persistence;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Mail.Persistence;
using GameHost.Tests.Domain.Provisioning.Settings;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GameHost.Tests.App.Features.Support.Mail;

/// <summary>The mailbox settings page over the real settings use case and SQLite: save, the unknown-sender choice, field errors.</summary>
public sealed class MailboxSettingsPageTests : SupportPageContext
{
    private readonly FakeSecretProtector _protector = new();

    public MailboxSettingsPageTests()
    {
        UseCulture("en-US");
        Services.AddScoped(_ => new SupportMailSettingsAdmin(
            Data.Get<IDbContextFactory<GameHostDbContext>>(), _protector, new NoMailbox(), Data.Get<AuditLog>(), Data.Time));
        SignIn(Data.AdminId, "olivia@gamehost.test");
        Render<MudPopoverProvider>();
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MailboxSettingsPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static async Task TypeAsync(IRenderedComponent<MailboxSettingsPage> page, string testId, string text) =>
        await Field(page, testId).ChangeAsync(new ChangeEventArgs { Value = text });

    /// <summary>The error and helper lines under the fields, as the user reads them.</summary>
    private static List<string> FieldTexts(IRenderedComponent<MailboxSettingsPage> page) =>
        page.FindAll(".mud-input-helper-text, .mud-input-error").Select(e => e.TextContent.Trim()).ToList();

    private static async Task ChooseAsync<T>(IRenderedComponent<MailboxSettingsPage> page, string testId, T value)
    {
        // The select's value set the way a choice sets it: through its bound parameter.
        var select = page.FindComponents<MudSelect<T>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId));
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private IRenderedComponent<MailboxSettingsPage> Open()
    {
        var page = Render<MailboxSettingsPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=mailbox-settings]"));
        return page;
    }

    [Fact]
    public async Task Save_FilledIn_StoresTheMailboxWithTheGuestTicketChoiceAndSaysSaved()
    {
        var page = Open();
        await page.InvokeAsync(() => page.FindComponent<MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        await TypeAsync(page, "mailbox-host", "imap.gamehost.test");
        await TypeAsync(page, "mailbox-user", "help@gamehost.test");
        await TypeAsync(page, "mailbox-password", "s3cret");
        await ChooseAsync(page, "mailbox-unknown", UnknownSenderPolicy.GuestTicket);

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Mailbox settings saved."));
        await using var db = Data.NewContext();
        var stored = await db.SupportMailSettings().SingleAsync();
        Assert.True(stored.Enabled);
        Assert.Equal(("imap.gamehost.test", "help@gamehost.test", UnknownSenderPolicy.GuestTicket), (stored.Host, stored.UserName, stored.UnknownSenders));
        Assert.Equal("s3cret", _protector.Unprotect(stored.ProtectedPassword));
        // The page reloads what was saved: the password is never shown, only that one is stored.
        page.WaitForAssertion(() => Assert.Contains("A password is stored", page.Markup, StringComparison.Ordinal));
        Assert.Equal("", Field(page, "mailbox-password").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task Save_SecondTimeWithBlankPassword_KeepsThePasswordAndChangesTheUnknownSenderChoice()
    {
        await using (var db = Data.NewContext())
        {
            db.SupportMailSettings().Add(new SupportMailSettings
            {
                Enabled = true, Host = "imap.gamehost.test", UserName = "help@gamehost.test", ProtectedPassword = _protector.Protect("kept"),
                UnknownSenders = UnknownSenderPolicy.GuestTicket,
            });
            await db.SaveChangesAsync();
        }

        var page = Open();
        Assert.Equal("imap.gamehost.test", Field(page, "mailbox-host").GetAttribute("value"));
        await ChooseAsync(page, "mailbox-unknown", UnknownSenderPolicy.KeepForStaff);

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Mailbox settings saved."));
        await using var check = Data.NewContext();
        var stored = await check.SupportMailSettings().SingleAsync();
        Assert.Equal(UnknownSenderPolicy.KeepForStaff, stored.UnknownSenders);
        Assert.Equal("kept", _protector.Unprotect(stored.ProtectedPassword));
    }

    [Fact]
    public async Task Save_ReplyAddress_IsStoredAndShownAgain()
    {
        var page = Open();
        Assert.Contains("Where customers' answers to ticket e-mail go", page.Markup, StringComparison.Ordinal);
        await TypeAsync(page, "mailbox-host", "imap.gamehost.test");
        await TypeAsync(page, "mailbox-user", "helpdesk");
        await TypeAsync(page, "mailbox-reply-address", "support@gamehost.test");

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Mailbox settings saved."));
        await using var db = Data.NewContext();
        Assert.Equal("support@gamehost.test", (await db.SupportMailSettings().SingleAsync()).ReplyAddress);
        page.WaitForAssertion(() => Assert.Equal("support@gamehost.test", Field(page, "mailbox-reply-address").GetAttribute("value")));
    }

    [Theory]
    [InlineData("en-US", "Enter one e-mail address this mailbox receives, e.g. support@example.com, or leave it blank.")]
    [InlineData("es-ES", "Escribe una dirección de correo que reciba este buzón, p. ej. soporte@example.com, o déjala en blanco.")]
    public async Task Save_ReplyAddressNotAnAddress_ShowsTheProblemAtTheFieldAndSavesNothing(string culture, string expected)
    {
        UseCulture(culture);
        var page = Open();
        await TypeAsync(page, "mailbox-reply-address", "support");

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(expected, FieldTexts(page)));
        await using var db = Data.NewContext();
        Assert.False(await db.SupportMailSettings().AnyAsync());
    }

    [Fact]
    public async Task Save_SwitchedOnButIncomplete_ShowsEachProblemAtItsFieldAndSavesNothing()
    {
        var page = Open();
        await page.InvokeAsync(() => page.FindComponent<MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        await TypeAsync(page, "mailbox-host", "not a host!");

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Enter the mail server's host name, e.g. imap.example.com.", FieldTexts(page)));
        Assert.Contains("Enter the mailbox's user name.", FieldTexts(page));
        Assert.Contains("Enter the mailbox password (at most 500 characters).", FieldTexts(page));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Severity == Severity.Error);
        await using var db = Data.NewContext();
        Assert.False(await db.SupportMailSettings().AnyAsync());
    }

    [Fact]
    public async Task Save_InSpanish_ShowsTheFieldErrorsInSpanish()
    {
        UseCulture("es-ES");
        var page = Open();
        await TypeAsync(page, "mailbox-host", "imap.gamehost.test");
        var folders = page.FindAll("input").Where(i => i.GetAttribute("value") == SupportMailSettings.DefaultProcessed).ToList();
        await Assert.Single(folders).ChangeAsync(new ChangeEventArgs { Value = "INBOX" });

        await page.Find("[data-testid=mailbox-save]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(
            "El correo procesado, fallido y automático debe ir a carpetas distintas de la bandeja de entrada.", FieldTexts(page)));
    }

    /// <summary>The page's "test" is not exercised here; the adapter is tested against Dovecot.</summary>
    private sealed class NoMailbox : IMailbox
    {
        public Task<IMailboxSession> OpenAsync(MailboxConnection connection, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
