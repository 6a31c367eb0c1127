using GameHost.Domain.Common;

namespace GameHost.Domain.Accounts.Profile;

/// <summary>Stable codes for profile failures; the UI maps each code to localized words.</summary>
public static class ProfileErrors
{
    public const string UserNotFoundCode = "accounts.user_not_found";
    public const string FullNameRequiredCode = "accounts.full_name_required";
    public const string FullNameTooLongCode = "accounts.full_name_too_long";
    public const string LanguageUnsupportedCode = "accounts.language_unsupported";
    public const string CountryInvalidCode = "accounts.country_invalid";
    public const string CompanyTooLongCode = "accounts.company_too_long";
    public const string VatNumberInvalidCode = "accounts.vat_number_invalid";

    public static Error UserNotFound => new(UserNotFoundCode, "The account does not exist.");

    public static Error FullNameRequired => Error.Validation(nameof(UpdateProfileCommand.FullName), FullNameRequiredCode, "Full name is required.");

    public static Error FullNameTooLong => Error.Validation(nameof(UpdateProfileCommand.FullName), FullNameTooLongCode, "Full name is too long.");

    public static Error LanguageUnsupported => Error.Validation(nameof(UpdateProfileCommand.PreferredLanguage), LanguageUnsupportedCode, "The language is not supported.");

    public static Error CountryInvalid => Error.Validation(nameof(UpdateProfileCommand.CountryCode), CountryInvalidCode, "The country is not a known ISO 3166 country.");

    public static Error CompanyTooLong => Error.Validation(nameof(UpdateProfileCommand.Company), CompanyTooLongCode, "The company name is too long.");

    public static Error VatNumberInvalid => Error.Validation(nameof(UpdateProfileCommand.VatNumber), VatNumberInvalidCode, "The VAT number is not valid.");
}
