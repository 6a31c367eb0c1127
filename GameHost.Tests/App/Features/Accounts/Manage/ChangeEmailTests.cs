using System.Net;
using System.Text.RegularExpressions;
using GameHost.App.Features.Accounts.Manage;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Accounts.Manage;

public partial class ChangeEmailTests : IDisposable
{
    private readonly ManageAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ChangeEmail_NeedsTheLink_ThenOldEmailStopsWorkingAndOldAddressIsTold()
    {
        var user = await _factory.CreateUserAsync("old@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var answer = await browser.PostAsync("/account/manage/email", "change-email", Form("new@example.test", ManageAppFactory.Password));

        Assert.Equal("/account/manage/email?status=email-change-sent", answer.Location);
        // Nothing changes before the link is opened.
        Assert.NotNull(await _factory.WithUsersAsync(u => u.FindByEmailAsync("old@example.test")));
        var mail = await _factory.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Category == AccountMails.EmailChangeConfirmCategory));
        Assert.Equal("new@example.test", mail.ToAddress);
        var link = new Uri(LinkPattern().Match(mail.TextBody).Value);
        Assert.Equal("/account/confirm-email-change", link.AbsolutePath);

        var confirmed = await browser.GetAsync(link.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.NotNull(confirmed.ByTestId("email-change-confirmed"));
        var changed = await _factory.WithUsersAsync(u => u.FindByIdAsync(user.Id.ToString()));
        Assert.Equal("new@example.test", changed!.Email);
        Assert.Equal("new@example.test", changed.UserName);
        Assert.True(changed.EmailConfirmed);
        Assert.Null(await _factory.WithUsersAsync(u => u.FindByEmailAsync("old@example.test")));
        using var other = _factory.NewBrowser();
        Assert.Equal("Failed", await other.SignInWithPasswordAsync("old@example.test"));
        Assert.Equal("Succeeded", await other.SignInWithPasswordAsync("new@example.test"));
        // This browser stays signed in, now under the new address.
        var settings = await browser.GetAsync("/account/manage/email");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal("new@example.test", settings.ByTestId("email-current")!.TextContent.Trim());
        var notice = await _factory.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Category == AccountMails.EmailChangedCategory));
        Assert.Equal("old@example.test", notice.ToAddress);
    }

    [Fact]
    public async Task ConfirmEmailChange_TamperedAddress_IsRefused()
    {
        var user = await _factory.CreateUserAsync("tam@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);
        await browser.PostAsync("/account/manage/email", "change-email", Form("mine@example.test", ManageAppFactory.Password));
        var mail = await _factory.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Category == AccountMails.EmailChangeConfirmCategory));
        var link = LinkPattern().Match(mail.TextBody).Value.Replace("mine%40example.test", "attacker%40example.test", StringComparison.Ordinal);

        var page = await browser.GetAsync(new Uri(link).PathAndQuery);

        Assert.NotNull(page.ByTestId("email-change-failed"));
        Assert.Equal("tam@example.test", (await _factory.WithUsersAsync(u => u.FindByIdAsync(user.Id.ToString())))!.Email);
    }

    [Fact]
    public async Task ChangeEmail_ToAddressOfAnotherAccount_ShowsTakenAtFieldAndSendsNothing()
    {
        var user = await _factory.CreateUserAsync("uma@example.test");
        await _factory.CreateUserAsync("taken@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.PostAsync("/account/manage/email", "change-email", Form("TAKEN@example.test", ManageAppFactory.Password));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("This e-mail is already used by another account.", page.FieldErrors("Input.NewEmail"));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task ChangeEmail_WithWrongPassword_ShowsErrorAtPasswordAndSendsNothing()
    {
        var user = await _factory.CreateUserAsync("vic@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.PostAsync("/account/manage/email", "change-email", Form("vic2@example.test", "Wrong-Password-99"));

        Assert.NotEmpty(page.FieldErrors("Input.Password"));
        Assert.Equal(0, await _factory.WithDbAsync(db => db.OutboundEmails.CountAsync()));
    }

    [Fact]
    public async Task ChangeEmail_ConfirmationMail_IsInUsersPreferredLanguage()
    {
        var user = await _factory.CreateUserAsync("wen@example.test", language: "es");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        await browser.PostAsync("/account/manage/email", "change-email", Form("wen2@example.test", ManageAppFactory.Password));

        var mail = await _factory.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Category == AccountMails.EmailChangeConfirmCategory));
        Assert.StartsWith("Confirma tu nuevo correo", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Pediste cambiar la dirección de correo de tu cuenta", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("wen2@example.test", mail.ToAddress);
    }

    private static Dictionary<string, string?> Form(string email, string password) => new()
    {
        ["Input.NewEmail"] = email,
        ["Input.Password"] = password,
    };

    [GeneratedRegex(@"https?://\S+/account/confirm-email-change\?\S+")]
    private static partial Regex LinkPattern();
}
