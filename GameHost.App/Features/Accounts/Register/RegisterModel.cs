using System.Text.RegularExpressions;
using FluentValidation;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Accounts.Register;

public sealed class RegisterModel
{
    public string? FullName { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ConfirmPassword { get; set; }

    public string? Company { get; set; }

    public string? CountryCode { get; set; }

    /// <summary>Empty means "the usual currency of my country".</summary>
    public string? BillingCurrency { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? VatNumber { get; set; }

    public bool AcceptTerms { get; set; }

    public string ResolvedCurrency() =>
        string.IsNullOrWhiteSpace(BillingCurrency) ? Countries.DefaultCurrencyFor(CountryCode) : BillingCurrency;
}

public sealed partial class RegisterModelValidator : AbstractValidator<RegisterModel>
{
    public RegisterModelValidator(IStringLocalizer<AccountsText> l, IOptions<IdentityOptions> identity)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(identity);

        RuleFor(m => m.FullName).PersonName(l);
        RuleFor(m => m.Email).AccountEmail(l);
        RuleFor(m => m.Password).NewPassword(l, identity.Value.Password);
        RuleFor(m => m.ConfirmPassword).Equal(m => m.Password).WithMessage(_ => l["PasswordsDoNotMatch"]);
        RuleFor(m => m.Company).MaximumLength(AccountValidationRules.MaxNameLength).WithMessage(_ => l["TooLong", AccountValidationRules.MaxNameLength]);
        RuleFor(m => m.CountryCode).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage(_ => l["CountryRequired"])
            .Must(Countries.IsKnown).WithMessage(_ => l["CountryUnknown"]);
        RuleFor(m => m.BillingCurrency)
            .Must(c => string.IsNullOrEmpty(c) || Currency.IsKnown(c)).WithMessage(_ => l["CurrencyUnknown"]);
        RuleFor(m => m.PreferredLanguage)
            .Must(SupportedLanguages.IsSupported).WithMessage(_ => l["LanguageUnknown"]);
        RuleFor(m => m.VatNumber)
            .Must(v => string.IsNullOrWhiteSpace(v) || VatShape().IsMatch(v.Trim())).WithMessage(_ => l["VatInvalid"]);
        RuleFor(m => m.AcceptTerms).Equal(true).WithMessage(_ => l["TermsRequired"]);
    }

    // Loose on purpose: formats differ per country and the tax office is the real check. Optional country prefix,
    // then digits/letters with the spaces, dots and dashes people type.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 .\-]{3,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex VatShape();
}
