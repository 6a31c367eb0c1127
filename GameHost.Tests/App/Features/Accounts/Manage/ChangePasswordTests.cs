using System.Net;

namespace GameHost.Tests.App.Features.Accounts.Manage;

public class ChangePasswordTests : IDisposable
{
    private const string NewPassword = "Brand-New-Secret-7";
    private readonly ManageAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ChangePassword_WithRightCurrentPassword_ChangesItAndKeepsThisSession()
    {
        var user = await _factory.CreateUserAsync("pat@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var answer = await browser.PostAsync("/account/manage/password", "change-password", Form(ManageAppFactory.Password, NewPassword, NewPassword));

        Assert.Equal("/account/manage/password?status=password-changed", answer.Location);
        var page = await browser.FollowAsync(answer);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(page.ByTestId("status-message"));
        using var other = _factory.NewBrowser();
        Assert.Equal("Failed", await other.SignInWithPasswordAsync(user.Email!, ManageAppFactory.Password));
        Assert.Equal("Succeeded", await other.SignInWithPasswordAsync(user.Email!, NewPassword));
    }

    [Fact]
    public async Task ChangePassword_ChangesSecurityStamp_SoOtherSessionsLoseTheirStanding()
    {
        var user = await _factory.CreateUserAsync("quin@example.test");
        var stampBefore = await _factory.WithUsersAsync(async u => await u.GetSecurityStampAsync((await u.FindByIdAsync(user.Id.ToString()))!));
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        await browser.PostAsync("/account/manage/password", "change-password", Form(ManageAppFactory.Password, NewPassword, NewPassword));

        var stampAfter = await _factory.WithUsersAsync(async u => await u.GetSecurityStampAsync((await u.FindByIdAsync(user.Id.ToString()))!));
        Assert.NotEqual(stampBefore, stampAfter);
    }

    [Fact]
    public async Task ChangePassword_WithWrongCurrentPassword_ShowsErrorAtCurrentPasswordAndChangesNothing()
    {
        var user = await _factory.CreateUserAsync("rita@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.PostAsync("/account/manage/password", "change-password", Form("Not-The-Password-1", NewPassword, NewPassword));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotEmpty(page.FieldErrors("Input.CurrentPassword"));
        using var other = _factory.NewBrowser();
        Assert.Equal("Succeeded", await other.SignInWithPasswordAsync(user.Email!, ManageAppFactory.Password));
    }

    [Fact]
    public async Task ChangePassword_WeakNewPassword_ShowsIdentityErrorAtNewPassword()
    {
        var user = await _factory.CreateUserAsync("sam@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        // Long enough for the form's check, but without a digit or a capital: only Identity's policy refuses it.
        var page = await browser.PostAsync("/account/manage/password", "change-password", Form(ManageAppFactory.Password, "lowercaseonly", "lowercaseonly"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var errors = page.FieldErrors("Input.NewPassword");
        Assert.Contains("Use at least one digit (0-9).", errors);
        Assert.Contains("Use at least one capital letter.", errors);
    }

    [Fact]
    public async Task ChangePassword_ConfirmationDiffers_ShowsValidationErrorAtConfirm()
    {
        var user = await _factory.CreateUserAsync("tom@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.PostAsync("/account/manage/password", "change-password", Form(ManageAppFactory.Password, NewPassword, NewPassword + "x"));

        Assert.NotEmpty(page.FieldErrors("Input.ConfirmPassword"));
        using var other = _factory.NewBrowser();
        Assert.Equal("Succeeded", await other.SignInWithPasswordAsync(user.Email!, ManageAppFactory.Password));
    }

    [Fact]
    public async Task ManagePages_Anonymous_RedirectToLogin()
    {
        using var browser = _factory.NewBrowser();

        foreach (var url in new[] { "/account/manage", "/account/manage/email", "/account/manage/password", "/account/manage/two-factor", "/account/manage/enable-authenticator" })
        {
            var page = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/login", page.Location, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string?> Form(string current, string next, string confirm) => new()
    {
        ["Input.CurrentPassword"] = current,
        ["Input.NewPassword"] = next,
        ["Input.ConfirmPassword"] = confirm,
    };
}
