using GameHost.Domain.Audit;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Catalog.UseCases;

/// <param name="Terms">The new terms; its <c>Code</c> is ignored, because the code is what customers were given.</param>
/// <param name="ExpectedToken">The concurrency token the editor read; a redemption or another edit since then is reported.</param>
public sealed record EditPromoCodeCommand(Guid PromoCodeId, Guid ExpectedToken, CreatePromoCodeCommand Terms);

/// <summary>
/// Changes what a promo code gives, when and to whom. Orders already placed keep what they were given (their invoice
/// and the discounted periods left are stored with the subscription); the new terms apply to the next order.
/// </summary>
public sealed class EditPromoCode(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit)
{
    public async Task<Result> ExecuteAsync(EditPromoCodeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, command.Terms.ActorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        var error = CreatePromoCode.CheckTerms(command.Terms);
        if (error is not null)
        {
            return error;
        }

        var promo = await db.PromoCodes().Include(p => p.FixedAmounts).FirstOrDefaultAsync(p => p.Id == command.PromoCodeId, cancellationToken);
        if (promo is null)
        {
            return CatalogErrors.PromoCodeNotFound;
        }

        if (promo.ConcurrencyToken != command.ExpectedToken)
        {
            return CatalogErrors.PromoCodeChangedMeanwhile;
        }

        var before = PromoCodeAuditSnapshot.Of(promo);
        CreatePromoCode.ApplyTerms(promo, command.Terms);
        promo.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor.Value, CatalogAudit.PromoCodeEdited, CatalogAudit.PromoCodeSubject, CatalogAudit.Id(promo.Id),
            before, PromoCodeAuditSnapshot.Of(promo), command.Terms.CorrelationId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An order redeemed the code between our read and our save.
            return CatalogErrors.PromoCodeChangedMeanwhile;
        }

        return Result.Success();
    }
}

/// <summary>
/// Switches a promo code off (or on again). A disabled code is refused at the next quote; orders placed with it keep
/// their discount. Repeating the same switch changes nothing and writes no audit entry.
/// </summary>
public sealed class SetPromoCodeEnabled(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit)
{
    public async Task<Result> ExecuteAsync(Guid actorUserId, Guid promoCodeId, bool enabled, string? correlationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await CatalogActor.LoadAdminAsync(db, actorUserId, cancellationToken);
        if (!actor.IsSuccess)
        {
            return actor.Error;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var promo = await db.PromoCodes().Include(p => p.FixedAmounts).FirstOrDefaultAsync(p => p.Id == promoCodeId, cancellationToken);
            if (promo is null)
            {
                return CatalogErrors.PromoCodeNotFound;
            }

            if (promo.IsDisabled == !enabled)
            {
                return Result.Success();
            }

            promo.IsDisabled = !enabled;
            promo.ConcurrencyToken = Guid.NewGuid();
            audit.Record(db, actor.Value, enabled ? CatalogAudit.PromoCodeEnabled : CatalogAudit.PromoCodeDisabled,
                CatalogAudit.PromoCodeSubject, CatalogAudit.Id(promo.Id), new { Disabled = enabled }, new { Disabled = !enabled }, correlationId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return Result.Success();
            }
            catch (DbUpdateConcurrencyException)
            {
                // A redemption touched the code meanwhile; switching it is still what staff asked for, so read again.
                db.ChangeTracker.Clear();
            }
        }

        return CatalogErrors.PromoCodeChangedMeanwhile;
    }
}
