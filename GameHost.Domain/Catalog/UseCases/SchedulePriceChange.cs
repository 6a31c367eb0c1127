using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Catalog.UseCases;

public sealed record SchedulePriceChangeCommand(
    Guid ActorUserId, Guid TariffId, int FromVersion, int ToVersion, DateTime EffectiveAtUtc, string? CorrelationId = null);

public sealed record PriceChangeAuditSnapshot(
    int FromVersion, int ToVersion, DateTime EffectiveAtUtc, string FromPrices, string ToPrices, int AffectedServices, string AffectedSummary);

/// <summary>
/// Records staff's decision to move services sold on an older version of a tariff to a later one. Customers must get
/// notice, so the change can take effect no sooner than the configured minimum notice from now. Billing finds the
/// services affected, sends the notices and switches them when the date comes. A change is refused when a service
/// it would move has no price on the later version (nothing is converted or guessed), and when a change for the same
/// older version is already waiting (two would race for the same services).
/// </summary>
public sealed class SchedulePriceChange(
    IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time, IOptions<CatalogOptions> options, IPriceChangeImpact impact)
{
    public async Task<Result<Guid>> ExecuteAsync(SchedulePriceChangeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var tariff = await db.Tariffs().WithVersions().AsNoTracking().FirstOrDefaultAsync(t => t.Id == command.TariffId, cancellationToken);
        if (tariff is null)
        {
            return CatalogErrors.TariffNotFound;
        }

        var from = tariff.Versions.SingleOrDefault(v => v.Number == command.FromVersion);
        var to = tariff.Versions.SingleOrDefault(v => v.Number == command.ToVersion);
        if (from is null || to is null)
        {
            return CatalogErrors.VersionNotFound;
        }

        if (command.ToVersion <= command.FromVersion)
        {
            return CatalogErrors.PriceChangeVersions;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (command.EffectiveAtUtc.Kind != DateTimeKind.Utc)
        {
            return CatalogErrors.Invalid("EffectiveAtUtc", "The effective time must be given in UTC.");
        }

        if (command.EffectiveAtUtc < now + options.Value.MinimumPriceChangeNotice)
        {
            return CatalogErrors.PriceChangeTooSoon;
        }

        if (await db.ScheduledPriceChanges().AnyAsync(
                c => c.TariffId == tariff.Id && c.FromVersionNumber == command.FromVersion && c.AppliedAtUtc == null, cancellationToken))
        {
            return CatalogErrors.PriceChangeAlreadyScheduled;
        }

        var affected = await impact.ListAffectedAsync(tariff.Id, command.FromVersion, command.ToVersion, cancellationToken);
        var unpriced = affected.Where(a => a.NewRecurring is null).ToList();
        if (unpriced.Count > 0)
        {
            return CatalogErrors.PriceChangeUnpriced(unpriced.Count,
                unpriced.Select(a => $"{a.CurrentRecurring.Currency.Code} {a.Period}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        }

        var change = new ScheduledPriceChange
        {
            Id = Guid.NewGuid(),
            TariffId = tariff.Id,
            FromVersionNumber = command.FromVersion,
            ToVersionNumber = command.ToVersion,
            EffectiveAtUtc = command.EffectiveAtUtc,
            AffectedAtScheduling = affected.Count,
            CreatedAtUtc = now,
            CreatedByUserId = actor.Value.UserId,
            CreatedByName = actor.Value.Name,
        };
        db.ScheduledPriceChanges().Add(change);
        audit.Record(db, actor.Value, CatalogAudit.PriceChangeScheduled, CatalogAudit.TariffSubject, CatalogAudit.Id(tariff.Id),
            before: null,
            new PriceChangeAuditSnapshot(command.FromVersion, command.ToVersion, command.EffectiveAtUtc, Describe(from), Describe(to),
                affected.Count, Summarize(affected)),
            command.CorrelationId);
        await db.SaveChangesAsync(cancellationToken);
        return change.Id;
    }

    /// <summary>The net effect per currency, e.g. "ZAR +1200 over 3 services", so the entry says who pays how much more.</summary>
    private static string Summarize(IReadOnlyList<AffectedService> affected) => string.Join("; ", affected
        .GroupBy(a => a.CurrentRecurring.Currency.Code, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => $"{g.Key} {g.Sum(a => a.Difference!.Value.Minor):+0;-0;0} minor over {g.Count()} services"));

    private static string Describe(TariffVersion version) => string.Join(", ", version.Prices
        .OrderBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).ThenBy(p => p.Period).Select(p => $"{p.Period} {p.Amount}"));
}
