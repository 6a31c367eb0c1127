using GameHost.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts.Registration;

/// <summary>The stable codes of the sign-up, set-up and recovery flows; the UI maps each to localized words.</summary>
public static class AccountErrors
{
    public const string EmailTakenCode = "accounts.email_taken";
    public const string PasswordRejectedCode = "accounts.password_rejected";
    public const string UnknownCountryCode = "accounts.unknown_country";
    public const string UnknownCurrencyCode = "accounts.unknown_currency";
    public const string SetupDoneCode = "accounts.setup_done";

    public static Error EmailTaken() => Error.Validation("Email", EmailTakenCode, "An account with this e-mail address already exists.");

    public static Error UnknownCountry(string? code) =>
        Error.Validation("CountryCode", UnknownCountryCode, $"'{code}' is not an ISO 3166 country code.");

    public static Error UnknownCurrency(string? code) =>
        Error.Validation("BillingCurrency", UnknownCurrencyCode, $"'{code}' is not a currency we bill in.");

    public static Error SetupDone() => new(SetupDoneCode, "The owner account already exists.");

    /// <summary>Identity's own descriptions are kept: they name the exact rule the password broke.</summary>
    public static Error PasswordRejected(IEnumerable<IdentityError> errors) =>
        Error.Validation("Password", PasswordRejectedCode, string.Join(" ", errors.Select(e => e.Description)));

    /// <summary>Maps a failed <c>UserManager.CreateAsync</c> to our codes.</summary>
    public static Error FromCreateFailure(IdentityResult result, IdentityErrorDescriber describer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(describer);
        var duplicateCodes = new[] { describer.DuplicateEmail("").Code, describer.DuplicateUserName("").Code };
        return result.Errors.Any(e => duplicateCodes.Contains(e.Code))
            ? EmailTaken()
            : PasswordRejected(result.Errors);
    }
}
