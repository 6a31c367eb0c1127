using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Taxes;

/// <param name="RateBasisPoints">1500 = 15 %; 0 to 10 000.</param>
public sealed record TaxRuleInput(string CountryCode, string Name, int RateBasisPoints, bool PricesIncludeTax, bool ReverseChargeForBusinesses);

public sealed record TaxRuleView(
    string CountryCode, string Name, int RateBasisPoints, bool PricesIncludeTax, bool ReverseChargeForBusinesses, DateTime UpdatedAtUtc);

/// <param name="Suggestions">Built-in standard rates of countries that have no rule yet (one click adds one).</param>
public sealed record TaxOverview(IReadOnlyList<TaxRuleView> Rules, string SellerCountryCode, IReadOnlyList<KnownVatRate> Suggestions);

public sealed record CustomerTaxView(Guid CustomerId, bool Exempt, string? ExemptReason, DateTime? UpdatedAtUtc);

/// <summary>
/// Staff's tax settings: rules per country, the seller's country, and customers' exemptions. Administrators only
/// (they decide what customers pay); every change is audited in the same save.
/// </summary>
public sealed class TaxAdministration(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string RuleSavedAction = "billing.tax_rule_saved";

    public const string RuleDeletedAction = "billing.tax_rule_deleted";

    public const string SellerCountryAction = "billing.seller_country_changed";

    public const string CustomerTaxAction = "billing.customer_tax_changed";

    public async Task<TaxOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = await db.TaxRules().AsNoTracking().OrderBy(r => r.CountryCode).ToListAsync(cancellationToken);
        var seller = await db.TaxSettings().AsNoTracking().Select(s => s.SellerCountryCode).FirstOrDefaultAsync(cancellationToken)
            ?? TaxSettings.DefaultSellerCountry;
        var taken = rules.Select(r => r.CountryCode).ToHashSet(StringComparer.Ordinal);
        return new TaxOverview(
            rules.Select(View).ToList(),
            seller,
            KnownVatRates.All.Where(k => !taken.Contains(k.CountryCode)).OrderBy(k => k.CountryCode, StringComparer.Ordinal).ToList());
    }

    /// <summary>Adds a rule (<paramref name="isNew"/>) or changes an existing one.</summary>
    public async Task<Result<TaxRuleView>> SaveRuleAsync(Guid actorUserId, TaxRuleInput input, bool isNew, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var country = input.CountryCode?.Trim().ToUpperInvariant();
        var name = input.Name?.Trim() ?? "";
        var errors = new List<Error>();
        if (!Countries.IsKnown(country))
        {
            errors.Add(TaxErrors.CountryInvalid);
        }

        if (name.Length == 0)
        {
            errors.Add(TaxErrors.NameRequired);
        }
        else if (name.Length > TaxRule.MaxNameLength)
        {
            errors.Add(TaxErrors.NameTooLong);
        }

        if (input.RateBasisPoints is < 0 or > 10_000)
        {
            errors.Add(TaxErrors.RateInvalid);
        }

        if (errors.Count > 0)
        {
            return errors[0] with { Related = errors };
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AdminAsync(db, actorUserId, cancellationToken) is not { } actor)
        {
            return TaxErrors.ActorNotAdmin;
        }

        var rule = await db.TaxRules().FirstOrDefaultAsync(r => r.CountryCode == country, cancellationToken);
        var before = rule is null ? null : View(rule);
        if (isNew && rule is not null)
        {
            return TaxErrors.RuleExists;
        }

        if (!isNew && rule is null)
        {
            return TaxErrors.RuleNotFound;
        }

        if (rule is null)
        {
            rule = new TaxRule { CountryCode = country! };
            db.TaxRules().Add(rule);
        }

        rule.Name = name;
        rule.RateBasisPoints = input.RateBasisPoints;
        rule.PricesIncludeTax = input.PricesIncludeTax;
        rule.ReverseChargeForBusinesses = input.ReverseChargeForBusinesses;
        rule.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        rule.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, RuleSavedAction, "TaxRule", rule.CountryCode, before, View(rule));
        return await SaveAsync(db, View(rule), cancellationToken);
    }

    /// <summary>Adds the built-in standard rate of <paramref name="countryCode"/>: prices include tax, reverse charge for businesses abroad.</summary>
    public async Task<Result<TaxRuleView>> AddKnownAsync(Guid actorUserId, string countryCode, CancellationToken cancellationToken)
    {
        if (KnownVatRates.For(countryCode) is not { } known)
        {
            return TaxErrors.UnknownRate;
        }

        return await SaveRuleAsync(actorUserId, new TaxRuleInput(known.CountryCode, known.Name, known.RateBasisPoints, PricesIncludeTax: true,
            ReverseChargeForBusinesses: known.CountryCode != TaxSettings.DefaultSellerCountry), isNew: true, cancellationToken);
    }

    public async Task<Result<string>> DeleteRuleAsync(Guid actorUserId, string countryCode, CancellationToken cancellationToken)
    {
        var country = countryCode?.Trim().ToUpperInvariant();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AdminAsync(db, actorUserId, cancellationToken) is not { } actor)
        {
            return TaxErrors.ActorNotAdmin;
        }

        var rule = await db.TaxRules().FirstOrDefaultAsync(r => r.CountryCode == country, cancellationToken);
        if (rule is null)
        {
            return TaxErrors.RuleNotFound;
        }

        db.TaxRules().Remove(rule);
        audit.Record(db, actor, RuleDeletedAction, "TaxRule", rule.CountryCode, View(rule), null);
        return await SaveAsync(db, rule.CountryCode, cancellationToken);
    }

    public async Task<Result<string>> SetSellerCountryAsync(Guid actorUserId, string countryCode, CancellationToken cancellationToken)
    {
        var country = countryCode?.Trim().ToUpperInvariant();
        if (!Countries.IsKnown(country))
        {
            return TaxErrors.CountryInvalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AdminAsync(db, actorUserId, cancellationToken) is not { } actor)
        {
            return TaxErrors.ActorNotAdmin;
        }

        var settings = await db.TaxSettings().FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new TaxSettings();
            db.TaxSettings().Add(settings);
        }

        var before = settings.SellerCountryCode;
        settings.SellerCountryCode = country;
        settings.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        audit.Record(db, actor, SellerCountryAction, "TaxSettings", TaxSettings.SingletonId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { SellerCountry = before }, new { SellerCountry = country });
        return await SaveAsync(db, country, cancellationToken);
    }

    public async Task<CustomerTaxView> CustomerAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var setting = await db.CustomerTaxSettings().AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken);
        return setting is null ? new CustomerTaxView(customerId, false, null, null) : new CustomerTaxView(customerId, setting.Exempt, setting.ExemptReason, setting.UpdatedAtUtc);
    }

    /// <summary>Makes a customer tax-exempt (a reason is required) or taxable again. Invoices already issued keep their tax.</summary>
    public async Task<Result<CustomerTaxView>> SetCustomerAsync(
        Guid actorUserId, Guid customerId, bool exempt, string? reason, CancellationToken cancellationToken)
    {
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (exempt && trimmed is null)
        {
            return TaxErrors.ExemptReasonRequired;
        }

        if (trimmed is { Length: > CustomerTaxSetting.MaxReasonLength })
        {
            return TaxErrors.ExemptReasonTooLong;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await AdminAsync(db, actorUserId, cancellationToken) is not { } actor)
        {
            return TaxErrors.ActorNotAdmin;
        }

        if (!await db.Users.AnyAsync(u => u.Id == customerId, cancellationToken))
        {
            return TaxErrors.CustomerNotFound;
        }

        var setting = await db.CustomerTaxSettings().FirstOrDefaultAsync(s => s.CustomerId == customerId, cancellationToken);
        var before = setting is null ? new { Exempt = false, Reason = (string?)null } : new { setting.Exempt, Reason = setting.ExemptReason };
        if (setting is null)
        {
            setting = new CustomerTaxSetting { CustomerId = customerId };
            db.CustomerTaxSettings().Add(setting);
        }

        setting.Exempt = exempt;
        setting.ExemptReason = exempt ? trimmed : null;
        setting.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        audit.Record(db, actor, CustomerTaxAction, "Customer", customerId.ToString("D"), before,
            new { setting.Exempt, Reason = trimmed });
        return await SaveAsync(db, new CustomerTaxView(customerId, setting.Exempt, setting.ExemptReason, setting.UpdatedAtUtc), cancellationToken);
    }

    private static async Task<Result<T>> SaveAsync<T>(GameHostDbContext db, T value, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return value;
        }
        catch (DbUpdateConcurrencyException)
        {
            return TaxErrors.RuleChanged;
        }
        catch (DbUpdateException exception) when (exception.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            return TaxErrors.RuleExists;
        }
    }

    private static Task<AuditActor?> AdminAsync(GameHostDbContext db, Guid userId, CancellationToken cancellationToken) =>
        StaffActors.FindAsync(db, userId, [Roles.Admin], cancellationToken);

    private static TaxRuleView View(TaxRule r) =>
        new(r.CountryCode, r.Name, r.RateBasisPoints, r.PricesIncludeTax, r.ReverseChargeForBusinesses, r.UpdatedAtUtc);
}
