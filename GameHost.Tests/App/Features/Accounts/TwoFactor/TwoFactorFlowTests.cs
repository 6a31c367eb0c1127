using System.Globalization;
using System.Net;
using GameHost.App.Features.Accounts.Manage;
using GameHost.Tests.App.Features.Accounts.Manage;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace GameHost.Tests.App.Features.Accounts.TwoFactor;

public class TwoFactorFlowTests : IDisposable
{
    private readonly ManageAppFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task EnableAuthenticator_WithCodeFromShownKey_TurnsOnTwoFactorShowsTenCodesAndQueuesNotice()
    {
        var user = await _factory.CreateUserAsync("ana@example.test");
        using var browser = _factory.NewBrowser();
        Assert.Equal("Succeeded", await browser.SignInWithPasswordAsync(user.Email!));

        var (key, page) = await EnableAuthenticatorAsync(browser);

        Assert.NotNull(page.ByTestId("two-factor-enabled"));
        Assert.Equal(10, page.AllByTestId("recovery-code").Count);
        Assert.True(await _factory.WithUsersAsync(async u => await u.GetTwoFactorEnabledAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
        Assert.Equal(1, await CountMailsAsync(AccountMails.TwoFactorChangedCategory, user.Email!));
        Assert.False(string.IsNullOrEmpty(key));

        // The session survives the new security stamp.
        var overview = await browser.GetAsync("/account/manage/two-factor");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Equal("true", overview.ByTestId("two-factor-status")?.GetAttribute("data-enabled"));
        Assert.Equal("10", overview.ByTestId("recovery-codes-left")?.GetAttribute("data-count"));
    }

    [Fact]
    public async Task EnableAuthenticator_Page_ShowsKeyInGroupsAndQrCodeAsDataUri()
    {
        var user = await _factory.CreateUserAsync("qr@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);

        var page = await browser.GetAsync("/account/manage/enable-authenticator");

        var shownKey = page.ByTestId("authenticator-key")!.TextContent.Trim();
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", shownKey);
        Assert.StartsWith("data:image/svg+xml;base64,", page.ByTestId("authenticator-qr")!.GetAttribute("src"), StringComparison.Ordinal);
        // Reloading keeps the same key, so an app scanned a moment ago still matches.
        var again = await browser.GetAsync("/account/manage/enable-authenticator");
        Assert.Equal(shownKey, again.ByTestId("authenticator-key")!.TextContent.Trim());
    }

    [Fact]
    public async Task EnableAuthenticator_WithWrongCode_ShowsErrorAtFieldAndStaysOff()
    {
        var user = await _factory.CreateUserAsync("wrong@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);
        var setup = await browser.GetAsync("/account/manage/enable-authenticator");
        var key = KeyOf(setup);

        var page = await browser.PostAsync("/account/manage/enable-authenticator", "verify-authenticator",
            new Dictionary<string, string?> { ["Input.Code"] = WrongCode(key) });

        Assert.NotEmpty(page.FieldErrors("Input.Code"));
        Assert.Null(page.ByTestId("recovery-codes"));
        Assert.False(await _factory.WithUsersAsync(async u => await u.GetTwoFactorEnabledAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
        Assert.Equal(0, await CountMailsAsync(AccountMails.TwoFactorChangedCategory, user.Email!));
    }

    [Fact]
    public async Task SignIn_WithTwoFactorOn_NeedsTotpCode_ValidCodeSignsInWrongCodeCountsAsFailure()
    {
        var user = await _factory.CreateUserAsync("bob@example.test");
        string key;
        using (var setupBrowser = _factory.NewBrowser())
        {
            await setupBrowser.SignInWithPasswordAsync(user.Email!);
            (key, _) = await EnableAuthenticatorAsync(setupBrowser);
        }

        using var browser = _factory.NewBrowser();
        Assert.Equal("RequiresTwoFactor", await browser.SignInWithPasswordAsync(user.Email!));
        // Not signed in yet: the settings still send to login.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/manage")).StatusCode);

        var wrong = await browser.PostAsync("/account/login-2fa?returnUrl=%2Faccount%2Fmanage", "login-2fa",
            new Dictionary<string, string?> { ["Input.Code"] = WrongCode(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotEmpty(wrong.FieldErrors("Input.Code"));
        Assert.Equal(1, await _factory.WithUsersAsync(async u => await u.GetAccessFailedCountAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/manage")).StatusCode);

        var right = await browser.PostAsync("/account/login-2fa?returnUrl=%2Faccount%2Fmanage", "login-2fa",
            new Dictionary<string, string?> { ["Input.Code"] = CurrentCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account/manage", right.Location);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/manage")).StatusCode);
        var signedIn = await _factory.WithUsersAsync(u => u.FindByIdAsync(user.Id.ToString()));
        Assert.NotNull(signedIn!.LastLoginAtUtc);
        Assert.Equal(0, signedIn.AccessFailedCount);
    }

    [Fact]
    public async Task LoginWith2fa_WithoutPasswordStep_RedirectsToLogin()
    {
        using var browser = _factory.NewBrowser();

        var page = await browser.GetAsync("/account/login-2fa");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("login-2fa", page.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginWith2fa_RepeatedWrongCodes_LockTheAccountOut()
    {
        var user = await _factory.CreateUserAsync("guess@example.test");
        string key;
        using (var setupBrowser = _factory.NewBrowser())
        {
            await setupBrowser.SignInWithPasswordAsync(user.Email!);
            (key, _) = await EnableAuthenticatorAsync(setupBrowser);
        }

        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);
        StaticFormClient.FormPage page = null!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            page = await browser.PostAsync("/account/login-2fa", "login-2fa", new Dictionary<string, string?> { ["Input.Code"] = WrongCode(key) });
        }

        Assert.NotNull(page.ByTestId("login-2fa-error"));
        Assert.True(await _factory.WithUsersAsync(async u => await u.IsLockedOutAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
        // Even the right code is refused while locked out.
        var right = await browser.PostAsync("/account/login-2fa", "login-2fa", new Dictionary<string, string?> { ["Input.Code"] = CurrentCode(key) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/manage")).StatusCode);
    }

    [Fact]
    public async Task LoginWith2fa_LockedByStaffAfterPasswordStep_RightCodeIsRefusedWithStaffLockMessage()
    {
        var user = await _factory.CreateUserAsync("locked-midway@example.test");
        string key;
        using (var setupBrowser = _factory.NewBrowser())
        {
            await setupBrowser.SignInWithPasswordAsync(user.Email!);
            (key, _) = await EnableAuthenticatorAsync(setupBrowser);
        }

        using var browser = _factory.NewBrowser();
        Assert.Equal("RequiresTwoFactor", await browser.SignInWithPasswordAsync(user.Email!));
        await _factory.WithUsersAsync(async users =>
        {
            var stored = (await users.FindByIdAsync(user.Id.ToString()))!;
            stored.IsLockedByStaff = true;
            return await users.UpdateAsync(stored);
        });

        var page = await browser.PostAsync("/account/login-2fa", "login-2fa", new Dictionary<string, string?> { ["Input.Code"] = CurrentCode(key) });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("This account is locked. Contact support.", page.ByTestId("login-2fa-error")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account/manage")).StatusCode);
    }

    [Fact]
    public async Task LoginRecovery_CodeWorksOnceOnly()
    {
        var user = await _factory.CreateUserAsync("carla@example.test");
        string recoveryCode;
        using (var setupBrowser = _factory.NewBrowser())
        {
            await setupBrowser.SignInWithPasswordAsync(user.Email!);
            var (_, page) = await EnableAuthenticatorAsync(setupBrowser);
            recoveryCode = page.AllByTestId("recovery-code")[0].TextContent.Trim();
        }

        using (var first = _factory.NewBrowser())
        {
            Assert.Equal("RequiresTwoFactor", await first.SignInWithPasswordAsync(user.Email!));
            var used = await first.PostAsync("/account/login-recovery", "login-recovery",
                new Dictionary<string, string?> { ["Input.RecoveryCode"] = recoveryCode.ToLowerInvariant() });
            Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
            Assert.Equal("/cabinet", used.Location);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/account/manage")).StatusCode);
        }

        using var second = _factory.NewBrowser();
        await second.SignInWithPasswordAsync(user.Email!);
        var again = await second.PostAsync("/account/login-recovery", "login-recovery",
            new Dictionary<string, string?> { ["Input.RecoveryCode"] = recoveryCode });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotEmpty(again.FieldErrors("Input.RecoveryCode"));
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/account/manage")).StatusCode);
        Assert.Equal(9, await _factory.WithUsersAsync(async u => await u.CountRecoveryCodesAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
        Assert.Equal(1, await _factory.WithUsersAsync(async u => await u.GetAccessFailedCountAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
    }

    [Fact]
    public async Task RecoveryCodes_Regenerate_OldCodesStopWorking()
    {
        var user = await _factory.CreateUserAsync("dan@example.test");
        string oldCode;
        using (var browser = _factory.NewBrowser())
        {
            await browser.SignInWithPasswordAsync(user.Email!);
            var (_, enabled) = await EnableAuthenticatorAsync(browser);
            oldCode = enabled.AllByTestId("recovery-code")[0].TextContent.Trim();

            var page = await browser.PostAsync("/account/manage/recovery-codes", "generate-recovery-codes", new Dictionary<string, string?>());
            var newCodes = page.AllByTestId("recovery-code").Select(e => e.TextContent.Trim()).ToList();
            Assert.Equal(10, newCodes.Count);
            Assert.DoesNotContain(oldCode, newCodes);
        }

        using var next = _factory.NewBrowser();
        await next.SignInWithPasswordAsync(user.Email!);
        var attempt = await next.PostAsync("/account/login-recovery", "login-recovery",
            new Dictionary<string, string?> { ["Input.RecoveryCode"] = oldCode });
        Assert.Equal(HttpStatusCode.OK, attempt.StatusCode);
        Assert.NotEmpty(attempt.FieldErrors("Input.RecoveryCode"));
    }

    [Fact]
    public async Task DisableTwoFactor_TurnsItOffKeepsSessionAndQueuesNotice()
    {
        var user = await _factory.CreateUserAsync("eve@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);
        await EnableAuthenticatorAsync(browser);

        var answer = await browser.PostAsync("/account/manage/disable-2fa", "disable-2fa", new Dictionary<string, string?>());

        Assert.Equal("/account/manage/two-factor?status=two-factor-disabled", answer.Location);
        var overview = await browser.FollowAsync(answer);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Equal("false", overview.ByTestId("two-factor-status")?.GetAttribute("data-enabled"));
        Assert.Equal(2, await CountMailsAsync(AccountMails.TwoFactorChangedCategory, user.Email!));
        using var next = _factory.NewBrowser();
        Assert.Equal("Succeeded", await next.SignInWithPasswordAsync(user.Email!));
    }

    [Fact]
    public async Task ResetAuthenticator_ChangesKeyAndTurnsTwoFactorOff()
    {
        var user = await _factory.CreateUserAsync("fay@example.test");
        using var browser = _factory.NewBrowser();
        await browser.SignInWithPasswordAsync(user.Email!);
        var (oldKey, _) = await EnableAuthenticatorAsync(browser);

        var answer = await browser.PostAsync("/account/manage/reset-authenticator", "reset-authenticator", new Dictionary<string, string?>());

        Assert.Equal("/account/manage/enable-authenticator?status=authenticator-reset", answer.Location);
        var setup = await browser.FollowAsync(answer);
        Assert.NotEqual(oldKey, KeyOf(setup));
        Assert.False(await _factory.WithUsersAsync(async u => await u.GetTwoFactorEnabledAsync((await u.FindByIdAsync(user.Id.ToString()))!)));
    }

    /// <summary>Opens the set-up page, reads the key as shown and answers with the code an authenticator app would.</summary>
    internal static async Task<(string Key, StaticFormClient.FormPage Page)> EnableAuthenticatorAsync(StaticFormClient browser)
    {
        var setup = await browser.GetAsync("/account/manage/enable-authenticator");
        Assert.True(setup.StatusCode == HttpStatusCode.OK, $"{setup.StatusCode} {setup.Location}");
        var key = KeyOf(setup);
        var page = await browser.PostAsync("/account/manage/enable-authenticator", "verify-authenticator",
            new Dictionary<string, string?> { ["Input.Code"] = CurrentCode(key) });
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(page.ByTestId("recovery-codes"));
        return (key, page);
    }

    internal static string KeyOf(StaticFormClient.FormPage page) =>
        page.ByTestId("authenticator-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    internal static string CurrentCode(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp();

    /// <summary>A code that matches none of the time steps Identity accepts around now.</summary>
    internal static string WrongCode(string base32Key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(base32Key));
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var valid = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(now.AddSeconds(30 * step))).ToHashSet();
        var candidate = 0;
        while (valid.Contains(candidate.ToString("D6", CultureInfo.InvariantCulture)))
        {
            candidate++;
        }

        return candidate.ToString("D6", CultureInfo.InvariantCulture);
    }

    private Task<int> CountMailsAsync(string category, string to) =>
        _factory.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.Category == category && e.ToAddress == to));
}
