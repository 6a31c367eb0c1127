using System.Text.RegularExpressions;
using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <param name="DiscountedPeriods">N for <see cref="PromoAppliesTo.NPeriods"/>; ignored otherwise.</param>
public sealed record CreatePromoCodeCommand(
    Guid ActorUserId,
    string Code,
    PromoDiscountKind Kind,
    int? PercentBasisPoints,
    IReadOnlyList<Money> FixedAmounts,
    PromoAppliesTo AppliesTo,
    int DiscountedPeriods,
    int? MaxUses,
    int? PerCustomerLimit,
    DateTime? ValidFromUtc,
    DateTime? ValidUntilUtc,
    IReadOnlyList<Guid> TariffIds,
    IReadOnlyList<BillingPeriod> Periods,
    IReadOnlyList<string> Currencies,
    string? CorrelationId = null);

public sealed record PromoCodeAuditSnapshot(
    string Code, string Kind, int? PercentBasisPoints, string FixedAmounts, string AppliesTo, int DiscountedPeriods,
    int? MaxUses, int? PerCustomerLimit, DateTime? ValidFromUtc, DateTime? ValidUntilUtc, string TariffIds, string Periods, string Currencies)
{
    internal static PromoCodeAuditSnapshot Of(PromoCode p) => new(
        p.Code, p.Kind.ToString(), p.PercentBasisPoints, string.Join(", ", p.FixedAmounts.Select(a => a.Amount.ToString())), p.AppliesTo.ToString(),
        p.DiscountedPeriods, p.MaxUses, p.PerCustomerLimit, p.ValidFromUtc, p.ValidUntilUtc,
        string.Join(", ", p.TariffIds), string.Join(", ", p.Periods), string.Join(", ", p.Currencies));
}

public sealed record PromoCodeCreated(Guid PromoCodeId, string Code);

/// <summary>Creates a promo code; codes are unique regardless of letter case.</summary>
public sealed partial class CreatePromoCode(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    [GeneratedRegex("^[A-Za-z0-9_-]{3,50}$")]
    private static partial Regex CodePattern();

    public async Task<Result<PromoCodeCreated>> ExecuteAsync(CreatePromoCodeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var error = Check(command);
        if (error is not null)
        {
            return error;
        }

        var normalized = PromoCode.Normalize(command.Code);
        if (await db.PromoCodes().AnyAsync(p => p.NormalizedCode == normalized, cancellationToken))
        {
            return CatalogErrors.PromoCodeTaken;
        }

        var promo = new PromoCode
        {
            Id = Guid.NewGuid(),
            Code = command.Code.Trim(),
            NormalizedCode = normalized,
            ConcurrencyToken = Guid.NewGuid(),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        ApplyTerms(promo, command);
        db.PromoCodes().Add(promo);
        audit.Record(db, actor.Value, CatalogAudit.PromoCodeCreated, CatalogAudit.PromoCodeSubject, CatalogAudit.Id(promo.Id),
            before: null, PromoCodeAuditSnapshot.Of(promo), command.CorrelationId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (TariffEditing.IsUniqueViolation(exception))
        {
            return CatalogErrors.PromoCodeTaken;
        }

        return new PromoCodeCreated(promo.Id, promo.Code);
    }

    /// <summary>Copies what the code gives and when from the command; the code itself and its identity stay.</summary>
    internal static void ApplyTerms(PromoCode promo, CreatePromoCodeCommand command)
    {
        promo.Kind = command.Kind;
        promo.PercentBasisPoints = command.Kind == PromoDiscountKind.Percent ? command.PercentBasisPoints : null;
        promo.AppliesTo = command.AppliesTo;
        promo.DiscountedPeriods = command.AppliesTo switch
        {
            PromoAppliesTo.FirstPeriod => 1,
            PromoAppliesTo.NPeriods => command.DiscountedPeriods,
            _ => 0,
        };
        promo.MaxUses = command.MaxUses;
        promo.PerCustomerLimit = command.PerCustomerLimit;
        promo.ValidFromUtc = command.ValidFromUtc;
        promo.ValidUntilUtc = command.ValidUntilUtc;
        promo.TariffIds = command.TariffIds.Distinct().ToList();
        promo.Periods = command.Periods.Distinct().ToList();
        promo.Currencies = command.Currencies.Select(c => c.Trim().ToUpperInvariant()).Distinct().ToList();
        promo.FixedAmounts.Clear();
        if (command.Kind == PromoDiscountKind.Fixed)
        {
            promo.FixedAmounts.AddRange(command.FixedAmounts.Select(a => new PromoFixedAmount { PromoCodeId = promo.Id, Amount = a }));
        }
    }

    private static Error? Check(CreatePromoCodeCommand command)
    {
        if (!CodePattern().IsMatch(command.Code.Trim()))
        {
            return CatalogErrors.Invalid("Code", "A code is 3–50 letters, digits, dashes or underscores.");
        }

        return CheckTerms(command);
    }

    /// <summary>The rules on what a code gives and when, shared by creating and editing one.</summary>
    internal static Error? CheckTerms(CreatePromoCodeCommand command)
    {
        if (command.Kind == PromoDiscountKind.Percent && command.PercentBasisPoints is not (> 0 and <= Pricing.PricingEngine.FullPercentBasisPoints))
        {
            return CatalogErrors.Invalid("PercentBasisPoints", "A percent discount is more than 0 % and at most 100 %.");
        }

        if (command.Kind == PromoDiscountKind.Fixed
            && (command.FixedAmounts.Count == 0 || command.FixedAmounts.Any(a => a.Minor <= 0)
                || command.FixedAmounts.Select(a => a.Currency.Code).Distinct(StringComparer.Ordinal).Count() != command.FixedAmounts.Count))
        {
            return CatalogErrors.Invalid("FixedAmounts", "A fixed discount needs one positive amount per currency.");
        }

        if (command.AppliesTo == PromoAppliesTo.NPeriods && command.DiscountedPeriods is < 2 or > 120)
        {
            return CatalogErrors.Invalid("DiscountedPeriods", "A code for N periods covers 2–120 periods.");
        }

        if (command.MaxUses is < 1 || command.PerCustomerLimit is < 1)
        {
            return CatalogErrors.Invalid("MaxUses", "Use limits are at least 1 when set.");
        }

        if (command.ValidFromUtc is { } from && command.ValidUntilUtc is { } until && until <= from)
        {
            return CatalogErrors.Invalid("ValidUntilUtc", "The code must end after it starts.");
        }

        if (command.Currencies.Any(c => !Currency.IsKnown(c.Trim().ToUpperInvariant())))
        {
            return CatalogErrors.UnknownCurrency;
        }

        return null;
    }
}
