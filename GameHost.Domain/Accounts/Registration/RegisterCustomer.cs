using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Identity;

namespace GameHost.Domain.Accounts.Registration;

public sealed record RegisterCustomerInput(
    string Email,
    string Password,
    string FullName,
    string? Company,
    string CountryCode,
    string BillingCurrency,
    string PreferredLanguage,
    string? VatNumber);

/// <summary>
/// Signs a customer up: the user, the Customer role, the billing profile and the confirmation e-mail are written in
/// one transaction, so a failure at any step leaves no account behind (and no e-mail for an account that does not exist).
/// </summary>
public sealed class RegisterCustomer(
    UserManager<ApplicationUser> users,
    GameHostDbContext db,
    Notifier notifier,
    TimeProvider time)
{
    public async Task<Result<ApplicationUser>> ExecuteAsync(RegisterCustomerInput input, IAccountLinks links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(links);

        var email = input.Email.Trim();
        var country = input.CountryCode.Trim().ToUpperInvariant();
        var currency = input.BillingCurrency.Trim().ToUpperInvariant();
        if (!Countries.IsKnown(country))
        {
            return AccountErrors.UnknownCountry(input.CountryCode);
        }

        if (!Currency.IsKnown(currency))
        {
            return AccountErrors.UnknownCurrency(input.BillingCurrency);
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountErrors.EmailTaken();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            FullName = input.FullName.Trim(),
            PreferredLanguage = SupportedLanguages.IsSupported(input.PreferredLanguage)
                ? input.PreferredLanguage.ToLowerInvariant()
                : SupportedLanguages.Default,
            CreatedAtUtc = now,
        };

        // UserManager saves after each call; the transaction makes those saves one unit with ours.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded)
            {
                await RollBackAsync(transaction, cancellationToken);
                return AccountErrors.FromCreateFailure(created, users.ErrorDescriber);
            }

            var role = await users.AddToRoleAsync(user, Roles.Customer);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Could not add the Customer role: " + string.Join("; ", role.Errors.Select(e => e.Description)));
            }

            db.CustomerProfiles.Add(new CustomerProfile
            {
                Id = Guid.NewGuid(),
                UserId = user.Id,
                Company = Normalize(input.Company),
                CountryCode = country,
                BillingCurrency = currency,
                VatNumber = NormalizeVat(input.VatNumber),
                CreatedAtUtc = now,
            });

            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            await notifier.NotifyAsync(db, new NotifyRequest(
                NotificationCatalogue.Codes.ConfirmEmail, user.Id, new Dictionary<string, string?>(),
                $"{NotificationCatalogue.Codes.ConfirmEmail}:{user.Id:N}", links.ConfirmEmail(user.Id, token)), cancellationToken);

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return user;
        }
        catch
        {
            await RollBackAsync(transaction, cancellationToken);
            throw;
        }
    }

    private async Task RollBackAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.RollbackAsync(cancellationToken);
        // The tracked rows were never committed; forget them so a later save in this scope cannot resurrect them.
        db.ChangeTracker.Clear();
    }

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>VAT numbers are compared and printed without spaces, in upper case.</summary>
    public static string? NormalizeVat(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
}
