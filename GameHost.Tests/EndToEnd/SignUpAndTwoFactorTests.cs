using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;
using OtpNet;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// The newcomer's journey in a real browser: register → confirm through the mail drop → log in → enable two-factor
/// with an authenticator → log out → log in again with a TOTP code.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class SignUpAndTwoFactorTests(BrowserFixture fixture)
{
    private const string Password = "Blocky-Worlds-2026";

    [Fact]
    public Task Register_Confirm_EnableTotp_LogInWithCode() => fixture.RunAsync(nameof(Register_Confirm_EnableTotp_LogInWithCode), async page =>
    {
        var email = $"player-{Guid.NewGuid():N}@example.test";

        // Register.
        await page.GotoAsync("/account/register");
        await page.Locator("input[name='Input.FullName']").FillAsync("Steve Builder");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(Password);
        await page.Locator("select[name='Input.CountryCode']").SelectOptionAsync("ZA");
        await page.Locator("#field-acceptterms").CheckAsync();
        await page.GetByTestId("register-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("check-inbox")).ToBeVisibleAsync();

        // Confirm through the link in the e-mail the outbox job dropped.
        var mail = await fixture.App.WaitForMailAsync(m => m.To.Mailboxes.Any(a => a.Address == email), TimeSpan.FromSeconds(30));
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith(fixture.App.BaseAddress.ToString().TrimEnd('/'), link, StringComparison.Ordinal);
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByTestId("confirm-success")).ToBeVisibleAsync();

        // Log in and turn on the authenticator.
        await BrowserFixture.LogInAsync(page, email, Password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet$"));
        await page.GotoAsync("/account/manage/enable-authenticator");
        var sharedKey = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).Trim();
        var totp = new Totp(Base32Encoding.ToBytes(sharedKey));
        await page.GetByTestId("totp-code").FillAsync(totp.ComputeTotp());
        await page.GetByTestId("verify-totp").ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-code")).ToHaveCountAsync(10);

        // Log out, then log in: the password alone is not enough any more.
        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-link")).ToBeVisibleAsync();
        await page.GotoAsync("/account/login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login-2fa"));

        await page.GetByTestId("login-2fa-code").FillAsync("000000" == totp.ComputeTotp() ? "111111" : "000000");
        await page.GetByTestId("login-2fa-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".gh-field-invalid .gh-field-error, .gh-field-invalid .validation-message")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login-2fa"));

        await page.GetByTestId("login-2fa-code").FillAsync(totp.ComputeTotp());
        await page.GetByTestId("login-2fa-submit").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cabinet$"));
        await Assertions.Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(email);
    });

    [GeneratedRegex(@"https?://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();
}
