using FluentValidation;
using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Profile;
using Microsoft.Extensions.Localization;

namespace GameHost.App.Features.Accounts.Manage;

public sealed class ProfileForm
{
    public string? FullName { get; set; }

    public string? PreferredLanguage { get; set; }

    public string? Company { get; set; }

    public string? CountryCode { get; set; }

    public string? VatNumber { get; set; }

    /// <summary>Set by the page from the store, never from the post: it decides which fields are checked.</summary>
    internal bool IsCustomer { get; set; }

    public static ProfileForm From(ProfileView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ProfileForm
        {
            FullName = view.FullName,
            PreferredLanguage = view.PreferredLanguage,
            Company = view.Company,
            CountryCode = view.CountryCode,
            VatNumber = view.VatNumber,
            IsCustomer = view.IsCustomer,
        };
    }

    public UpdateProfileCommand ToCommand(Guid userId) =>
        new(userId, FullName, PreferredLanguage, Company, CountryCode, VatNumber);
}

public sealed class ProfileFormValidator : AbstractValidator<ProfileForm>
{
    public ProfileFormValidator(IStringLocalizer<ManageText> text)
    {
        RuleFor(f => f.FullName)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(_ => text["ValidationFullNameRequired"])
            .MaximumLength(ProfileRules.FullNameMaxLength).WithMessage(_ => text["ValidationFullNameTooLong", ProfileRules.FullNameMaxLength]);
        RuleFor(f => f.PreferredLanguage)
            .Must(SupportedLanguages.IsSupported).WithMessage(_ => text["ValidationLanguageUnsupported"]);
        When(f => f.IsCustomer, () =>
        {
            RuleFor(f => f.Company)
                .MaximumLength(ProfileRules.CompanyMaxLength).WithMessage(_ => text["ValidationCompanyTooLong", ProfileRules.CompanyMaxLength]);
            RuleFor(f => f.CountryCode)
                .Must(ProfileRules.IsKnownCountry).WithMessage(_ => text["ValidationCountryInvalid"]);
            RuleFor(f => f.VatNumber)
                .Must(v => ProfileRules.IsPlausibleVatNumber(v!.Trim())).When(f => !string.IsNullOrWhiteSpace(f.VatNumber))
                .WithMessage(_ => text["ValidationVatNumberInvalid"]);
        });
    }
}
