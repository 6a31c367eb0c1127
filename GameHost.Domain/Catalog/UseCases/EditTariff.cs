using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <param name="ExpectedConcurrencyToken">The token the editor read; a newer write in between makes this edit fail.</param>
public sealed record EditTariffCommand(
    Guid ActorUserId,
    Guid TariffId,
    Guid ExpectedConcurrencyToken,
    TariffSettings Settings,
    TariffVersionContent Content,
    string? CorrelationId = null);

/// <summary>
/// Saves the editor's state of a tariff. Settings change in place; if what a sale delivers or costs differs from the
/// current version, a new version is added and made current — old versions are never touched, so services sold
/// on them keep their terms, and new orders get the new version at once.
/// </summary>
public sealed class EditTariff(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<Result<TariffSaved>> ExecuteAsync(EditTariffCommand command, CancellationToken cancellationToken)
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

        if (tariff.ConcurrencyToken != command.ExpectedConcurrencyToken)
        {
            return CatalogErrors.TariffChangedMeanwhile;
        }

        if (tariff.IsArchived)
        {
            return CatalogErrors.TariffArchived;
        }

        var error = TariffRules.CheckContent(command.Content, command.Settings.BillingModel)
            ?? await TariffEditing.CheckSettingsAsync(db, command.Settings, tariff.Id, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var before = TariffAuditSnapshot.Of(tariff);
        TariffEditing.Apply(tariff, command.Settings);
        var versionCreated = !command.Content.SameAs(TariffVersionContent.Of(tariff.CurrentVersion));
        if (versionCreated)
        {
            var number = tariff.Versions.Max(v => v.Number) + 1;
            var version = command.Content.ToVersion(tariff.Id, number, time.GetUtcNow().UtcDateTime, actor.Value);
            tariff.Versions.Add(version);
            tariff.CurrentVersionNumber = number;
        }

        var after = TariffAuditSnapshot.Of(tariff);
        if (!versionCreated && before == after)
        {
            return new TariffSaved(tariff.Id, tariff.CurrentVersionNumber, VersionCreated: false, tariff.ConcurrencyToken);
        }

        tariff.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor.Value, CatalogAudit.TariffEdited, CatalogAudit.TariffSubject, CatalogAudit.Id(tariff.Id),
            before, after, command.CorrelationId);
        var saveError = await TariffEditing.SaveAsync(db, cancellationToken);
        return saveError is null
            ? new TariffSaved(tariff.Id, tariff.CurrentVersionNumber, versionCreated, tariff.ConcurrencyToken)
            : saveError;
    }
}
