using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Profile;

/// <summary>
/// What a user may change about themselves. The customer fields are ignored for staff. The billing currency is
/// deliberately absent: every invoice and balance of a customer is in it, so it is not self-service.
/// </summary>
public sealed record UpdateProfileCommand(
    Guid UserId,
    string? FullName,
    string? PreferredLanguage,
    string? Company = null,
    string? CountryCode = null,
    string? VatNumber = null);

/// <summary>Saves a user's own profile in one unit of work; rejects bad input without writing anything.</summary>
public sealed class UpdateProfile(GameHostDbContext db)
{
    public async Task<Result> ExecuteAsync(UpdateProfileCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var user = await db.Users.Include(u => u.CustomerProfile)
            .FirstOrDefaultAsync(u => u.Id == command.UserId, cancellationToken);
        if (user is null)
        {
            return ProfileErrors.UserNotFound;
        }

        var fullName = command.FullName?.Trim() ?? "";
        if (fullName.Length == 0)
        {
            return ProfileErrors.FullNameRequired;
        }

        if (fullName.Length > ProfileRules.FullNameMaxLength)
        {
            return ProfileErrors.FullNameTooLong;
        }

        if (!SupportedLanguages.IsSupported(command.PreferredLanguage))
        {
            return ProfileErrors.LanguageUnsupported;
        }

        var profile = user.CustomerProfile;
        string? company = null, vatNumber = null, country = null;
        if (profile is not null)
        {
            company = ProfileRules.OptionalText(command.Company);
            if (company?.Length > ProfileRules.CompanyMaxLength)
            {
                return ProfileErrors.CompanyTooLong;
            }

            country = command.CountryCode?.Trim().ToUpperInvariant();
            if (!ProfileRules.IsKnownCountry(country))
            {
                return ProfileErrors.CountryInvalid;
            }

            vatNumber = ProfileRules.OptionalText(command.VatNumber)?.ToUpperInvariant();
            if (vatNumber is not null && !ProfileRules.IsPlausibleVatNumber(vatNumber))
            {
                return ProfileErrors.VatNumberInvalid;
            }
        }

        user.FullName = fullName;
        user.PreferredLanguage = command.PreferredLanguage!.ToLowerInvariant();
        if (profile is not null)
        {
            profile.Company = company;
            profile.CountryCode = country!;
            profile.VatNumber = vatNumber;
        }

        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
