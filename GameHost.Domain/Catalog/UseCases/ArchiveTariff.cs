using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

public sealed record ArchiveTariffCommand(Guid ActorUserId, Guid TariffId, string? CorrelationId = null);

/// <summary>
/// Stops selling a tariff. It is kept, with every version, because services sold on it still renew on their terms;
/// archiving twice is answered with the same outcome and no second audit entry.
/// </summary>
public sealed class ArchiveTariff(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<Result<TariffSaved>> ExecuteAsync(ArchiveTariffCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var tariff = await db.Tariffs().WithVersions().FirstOrDefaultAsync(t => t.Id == command.TariffId, cancellationToken);
        if (tariff is null)
        {
            return CatalogErrors.TariffNotFound;
        }

        if (tariff.IsArchived)
        {
            return new TariffSaved(tariff.Id, tariff.CurrentVersionNumber, VersionCreated: false, tariff.ConcurrencyToken);
        }

        var before = TariffAuditSnapshot.Of(tariff);
        tariff.IsArchived = true;
        tariff.ArchivedAtUtc = time.GetUtcNow().UtcDateTime;
        tariff.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor.Value, CatalogAudit.TariffArchived, CatalogAudit.TariffSubject, CatalogAudit.Id(tariff.Id),
            before, TariffAuditSnapshot.Of(tariff), command.CorrelationId);
        var saveError = await TariffEditing.SaveAsync(db, cancellationToken);
        return saveError is null
            ? new TariffSaved(tariff.Id, tariff.CurrentVersionNumber, VersionCreated: false, tariff.ConcurrencyToken)
            : saveError;
    }
}
