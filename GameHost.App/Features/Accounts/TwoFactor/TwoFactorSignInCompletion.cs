using GameHost.App.Features.Notifications.SignIn;
using GameHost.App.Hosting;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.TwoFactor;

/// <summary>
/// What follows a successful second step, as after a password-only sign-in: the last-login time, the user's
/// language on this browser, and where to go next.
/// </summary>
public sealed class TwoFactorSignInCompletion(UserManager<ApplicationUser> users, TimeProvider time, NewSignInNotice newSignIn)
{
    public async Task<string> CompleteAsync(ApplicationUser user, string? returnUrl, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(http);
        var previous = user.LastLoginAtUtc;
        user.LastLoginAtUtc = time.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await newSignIn.AfterSignInAsync(user, previous, http.RequestAborted);
        if (SupportedLanguages.IsSupported(user.PreferredLanguage))
        {
            LocalizationSetup.WriteCultureCookie(http.Response, user.PreferredLanguage.ToLowerInvariant());
        }

        if (!string.IsNullOrEmpty(returnUrl))
        {
            return PreferenceEndpoints.SafeReturnUrl(returnUrl);
        }

        return await users.IsInRoleAsync(user, Roles.Admin) || await users.IsInRoleAsync(user, Roles.Support) ? "/admin" : "/cabinet";
    }
}
