using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

public sealed record CreateTariffCommand(Guid ActorUserId, TariffSettings Settings, TariffVersionContent Content, string? CorrelationId = null);

/// <summary>Creates a tariff with its first version; the audit entry is written in the same save.</summary>
public sealed class CreateTariff(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<Result<TariffSaved>> ExecuteAsync(CreateTariffCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var error = TariffRules.CheckContent(command.Content, command.Settings.BillingModel)
            ?? await TariffEditing.CheckSettingsAsync(db, command.Settings, tariffId: null, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var tariff = new Tariff
        {
            Id = Guid.NewGuid(),
            CreatedAtUtc = now,
            CurrentVersionNumber = 1,
            ConcurrencyToken = Guid.NewGuid(),
        };
        TariffEditing.Apply(tariff, command.Settings);
        tariff.Versions.Add(command.Content.ToVersion(tariff.Id, 1, now, actor.Value));
        db.Tariffs().Add(tariff);
        audit.Record(db, actor.Value, CatalogAudit.TariffCreated, CatalogAudit.TariffSubject, CatalogAudit.Id(tariff.Id),
            before: null, TariffAuditSnapshot.Of(tariff), command.CorrelationId);

        var saveError = await TariffEditing.SaveAsync(db, cancellationToken);
        return saveError is null
            ? new TariffSaved(tariff.Id, 1, VersionCreated: true, tariff.ConcurrencyToken)
            : saveError == CatalogErrors.TariffChangedMeanwhile ? CatalogErrors.SlugTaken : saveError;
    }
}
