using System.Text.RegularExpressions;
using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <summary>An add-on as the editor sends it.</summary>
public sealed record AddOnContent(
    string Key,
    LocalizedText Name,
    AddOnUnit Unit,
    int AmountPerUnit,
    int MinQuantity,
    int MaxQuantity,
    int IncludedQuantity,
    IReadOnlyList<PriceSpec> UnitPrices);

public sealed record AddOnSaved(Guid AddOnId, Guid ConcurrencyToken);

/// <summary>The add-on as the audit log shows it.</summary>
public sealed record AddOnAuditSnapshot(
    string Key, string Name, string Unit, int AmountPerUnit, int Min, int Max, int Included, bool Archived, string Prices)
{
    internal static AddOnAuditSnapshot Of(AddOn a) => new(
        a.Key, a.Name.En, a.Unit.ToString(), a.AmountPerUnit, a.MinQuantity, a.MaxQuantity, a.IncludedQuantity, a.IsArchived,
        string.Join(", ", a.Prices.OrderBy(p => p.Amount.Currency.Code, StringComparer.Ordinal).ThenBy(p => p.Period).Select(p => $"{p.Period} {p.Amount}")));
}

internal static partial class AddOnRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    public static Error? Check(AddOnContent content)
    {
        if (content.Key.Trim().Length is 0 or > 100 || !KeyPattern().IsMatch(content.Key.Trim()))
        {
            return CatalogErrors.Invalid("Key", "A key is 1–100 lower-case letters, digits and single dashes.");
        }

        if (string.IsNullOrWhiteSpace(content.Name.En))
        {
            return CatalogErrors.Invalid("Name.En", "The add-on needs an English name.");
        }

        if (content.AmountPerUnit <= 0)
        {
            return CatalogErrors.Invalid("AmountPerUnit", "One unit must add something on the panel.");
        }

        if (content.MinQuantity < 0 || content.MaxQuantity < content.MinQuantity
            || content.IncludedQuantity < 0 || content.IncludedQuantity > content.MaxQuantity)
        {
            return CatalogErrors.Invalid("MaxQuantity", "Quantities must satisfy 0 ≤ minimum ≤ maximum and included ≤ maximum.");
        }

        var seen = new HashSet<(string, BillingPeriod)>();
        foreach (var price in content.UnitPrices)
        {
            if (price.Amount.IsNegative || !seen.Add((price.Amount.Currency.Code, price.Period)))
            {
                return CatalogErrors.Invalid("UnitPrices", "One unit price per currency and period, never negative.");
            }
        }

        return null;
    }

    public static void Apply(AddOn addOn, AddOnContent content)
    {
        addOn.Key = content.Key.Trim();
        addOn.Name = content.Name.Trimmed();
        addOn.Unit = content.Unit;
        addOn.AmountPerUnit = content.AmountPerUnit;
        addOn.MinQuantity = content.MinQuantity;
        addOn.MaxQuantity = content.MaxQuantity;
        addOn.IncludedQuantity = content.IncludedQuantity;
        addOn.Prices.Clear();
        addOn.Prices.AddRange(content.UnitPrices.Select(p => new AddOnPrice { AddOnId = addOn.Id, Period = p.Period, Amount = p.Amount }));
    }

    public static async Task<Error?> SaveAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CatalogErrors.AddOnChangedMeanwhile;
        }
        catch (DbUpdateException exception) when (TariffEditing.IsUniqueViolation(exception))
        {
            return CatalogErrors.AddOnKeyTaken;
        }
    }
}

public sealed record CreateAddOnCommand(Guid ActorUserId, AddOnContent Content, string? CorrelationId = null);

/// <summary>Creates an add-on; tariffs offer it once their editor ticks it.</summary>
public sealed class CreateAddOn(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<Result<AddOnSaved>> ExecuteAsync(CreateAddOnCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var error = AddOnRules.Check(command.Content);
        if (error is not null)
        {
            return error;
        }

        var key = command.Content.Key.Trim();
        if (await db.AddOns().AnyAsync(a => a.Key == key, cancellationToken))
        {
            return CatalogErrors.AddOnKeyTaken;
        }

        var addOn = new AddOn { Id = Guid.NewGuid(), ConcurrencyToken = Guid.NewGuid(), CreatedAtUtc = time.GetUtcNow().UtcDateTime };
        AddOnRules.Apply(addOn, command.Content);
        db.AddOns().Add(addOn);
        audit.Record(db, actor.Value, CatalogAudit.AddOnCreated, CatalogAudit.AddOnSubject, CatalogAudit.Id(addOn.Id),
            before: null, AddOnAuditSnapshot.Of(addOn), command.CorrelationId);
        var saveError = await AddOnRules.SaveAsync(db, cancellationToken);
        return saveError is null ? new AddOnSaved(addOn.Id, addOn.ConcurrencyToken) : saveError;
    }
}

public sealed record EditAddOnCommand(
    Guid ActorUserId, Guid AddOnId, Guid ExpectedConcurrencyToken, AddOnContent Content, bool Archived = false, string? CorrelationId = null);

/// <summary>
/// Changes an add-on in place. Services already sold keep the unit price on their own lines (billing stores the
/// quote), so a new price here only affects new orders.
/// </summary>
public sealed class EditAddOn(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit)
{
    public async Task<Result<AddOnSaved>> ExecuteAsync(EditAddOnCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var addOn = await db.AddOns().Include(a => a.Prices).FirstOrDefaultAsync(a => a.Id == command.AddOnId, cancellationToken);
        if (addOn is null)
        {
            return CatalogErrors.AddOnNotFound;
        }

        if (addOn.ConcurrencyToken != command.ExpectedConcurrencyToken)
        {
            return CatalogErrors.AddOnChangedMeanwhile;
        }

        var error = AddOnRules.Check(command.Content);
        if (error is not null)
        {
            return error;
        }

        var key = command.Content.Key.Trim();
        if (await db.AddOns().AnyAsync(a => a.Key == key && a.Id != addOn.Id, cancellationToken))
        {
            return CatalogErrors.AddOnKeyTaken;
        }

        var before = AddOnAuditSnapshot.Of(addOn);
        AddOnRules.Apply(addOn, command.Content);
        addOn.IsArchived = command.Archived;
        var after = AddOnAuditSnapshot.Of(addOn);
        if (before == after)
        {
            // Nothing changed: keep the old rows (Apply replaced them in memory) and write nothing.
            return new AddOnSaved(addOn.Id, addOn.ConcurrencyToken);
        }

        addOn.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor.Value, CatalogAudit.AddOnEdited, CatalogAudit.AddOnSubject, CatalogAudit.Id(addOn.Id),
            before, after, command.CorrelationId);
        var saveError = await AddOnRules.SaveAsync(db, cancellationToken);
        return saveError is null ? new AddOnSaved(addOn.Id, addOn.ConcurrencyToken) : saveError;
    }
}
