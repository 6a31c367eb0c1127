using FluentValidation;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts;

/// <summary>Rules shared by the account forms, with messages in the visitor's language.</summary>
public static class AccountValidationRules
{
    public const int MaxEmailLength = 256;
    public const int MaxNameLength = 200;

    public static IRuleBuilderOptions<T, string?> AccountEmail<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer<AccountsText> l) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["EmailRequired"])
            .EmailAddress().WithMessage(_ => l["EmailInvalid"])
            .MaximumLength(MaxEmailLength).WithMessage(_ => l["TooLong", MaxEmailLength]);

    /// <summary>
    /// The same rules Identity enforces (read from its options, so the two cannot drift apart), checked here first
    /// so the visitor gets one clear message in their language instead of Identity's English list.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> NewPassword<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer<AccountsText> l, PasswordOptions options) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["PasswordRequired"])
            .MinimumLength(options.RequiredLength).WithMessage(_ => l["PasswordTooShort", options.RequiredLength])
            .Must(p => !options.RequireUppercase || p!.Any(char.IsUpper)).WithMessage(_ => l["PasswordNeedsUpper"])
            .Must(p => !options.RequireLowercase || p!.Any(char.IsLower)).WithMessage(_ => l["PasswordNeedsLower"])
            .Must(p => !options.RequireDigit || p!.Any(char.IsDigit)).WithMessage(_ => l["PasswordNeedsDigit"])
            .Must(p => !options.RequireNonAlphanumeric || !p!.All(char.IsLetterOrDigit)).WithMessage(_ => l["PasswordNeedsSymbol"]);

    public static IRuleBuilderOptions<T, string?> PersonName<T>(this IRuleBuilderInitial<T, string?> rule, IStringLocalizer<AccountsText> l) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["FullNameRequired"])
            .MaximumLength(MaxNameLength).WithMessage(_ => l["TooLong", MaxNameLength]);

    /// <summary>Words for a business error returned by an accounts use case.</summary>
    public static string Describe(Error error, IStringLocalizer<AccountsText> l)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            Domain.Accounts.Registration.AccountErrors.EmailTakenCode => l["EmailTaken"],
            Domain.Accounts.Registration.AccountErrors.PasswordRejectedCode => l["PasswordRejected", error.Message],
            Domain.Accounts.Registration.AccountErrors.UnknownCountryCode => l["CountryUnknown"],
            Domain.Accounts.Registration.AccountErrors.UnknownCurrencyCode => l["CurrencyUnknown"],
            Domain.Accounts.Registration.AccountErrors.SetupDoneCode => l["SetupDone"],
            _ => l["GenericError"],
        };
    }
}
