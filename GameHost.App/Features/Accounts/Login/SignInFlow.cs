using GameHost.App.Features.Notifications.SignIn;
using GameHost.Domain.Accounts;
using Microsoft.AspNetCore.Identity;

namespace GameHost.App.Features.Accounts.Login;

public enum SignInStatus
{
    Succeeded,
    RequiresTwoFactor,
    InvalidCredentials,
    NotConfirmed,
    LockedOut,
    LockedByStaff,
}

public sealed record SignInOutcome(SignInStatus Status, ApplicationUser? User = null, string? LandingPath = null);

/// <summary>
/// Password sign-in with answers a person can act on, without telling a stranger which addresses have accounts:
/// an unknown address and a wrong password read the same, and "confirm your e-mail" or "locked by staff" is only
/// said to someone who typed the right password.
/// </summary>
public sealed class SignInFlow(SignInManager<ApplicationUser> signIn, UserManager<ApplicationUser> users, TimeProvider time, NewSignInNotice newSignIn)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            // Spend the time a real check costs, so response times do not tell which addresses exist.
            users.PasswordHasher.HashPassword(new ApplicationUser(), password);
            return new SignInOutcome(SignInStatus.InvalidCredentials);
        }

        var result = await signIn.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var previous = user.LastLoginAtUtc;
            user.LastLoginAtUtc = time.GetUtcNow().UtcDateTime;
            await users.UpdateAsync(user);
            await newSignIn.AfterSignInAsync(user, previous, CancellationToken.None);
            return new SignInOutcome(SignInStatus.Succeeded, user, await LandingPathAsync(user));
        }

        if (result.RequiresTwoFactor)
        {
            return new SignInOutcome(SignInStatus.RequiresTwoFactor, user);
        }

        if (result.IsLockedOut)
        {
            return new SignInOutcome(SignInStatus.LockedOut);
        }

        if (result.IsNotAllowed)
        {
            return await WhyNotAllowedAsync(user, password);
        }

        return new SignInOutcome(SignInStatus.InvalidCredentials);
    }

    /// <summary>Staff land in the console, customers in their cabinet.</summary>
    public async Task<string> LandingPathAsync(ApplicationUser user) =>
        await users.IsInRoleAsync(user, Roles.Admin) || await users.IsInRoleAsync(user, Roles.Support) ? "/admin" : "/cabinet";

    // Identity says "not allowed" before it looks at the password, so check it here, and count a wrong one towards
    // the lockout as a normal failure would.
    private async Task<SignInOutcome> WhyNotAllowedAsync(ApplicationUser user, string password)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return new SignInOutcome(SignInStatus.LockedOut);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return new SignInOutcome(await users.IsLockedOutAsync(user) ? SignInStatus.LockedOut : SignInStatus.InvalidCredentials);
        }

        return new SignInOutcome(user.IsLockedByStaff ? SignInStatus.LockedByStaff : SignInStatus.NotConfirmed);
    }
}
