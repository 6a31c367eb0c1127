using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

/// <param name="Position">1 is tried first by autopay.</param>
/// <param name="Usable">Its gateway is enabled and can charge without the customer present; autopay skips it otherwise.</param>
public sealed record SavedMethodRow(
    Guid Id, string Label, string GatewayName, string GatewayCode, int Position, bool Usable, DateTime CreatedAtUtc, DateTime? LastFailedAtUtc, string? LastFailure);

/// <param name="DetachedAtGateway">The gateway forgot it too; false: the gateway cannot be asked (or refused), only we forgot it.</param>
/// <param name="AlreadyGone">It was removed before (a second click): nothing changed.</param>
public sealed record RemovedSavedMethod(bool DetachedAtGateway, string? GatewayMessage, bool AlreadyGone);

public enum MoveDirection
{
    Up = -1,
    Down = 1,
}

/// <summary>
/// The customer's saved payment methods: the order autopay tries them in (then the balance), moving one up or down,
/// and removing one — detached at the gateway first where the adapter can (<see cref="ISavedMethodRemoval"/>; if the
/// gateway does not confirm, the method stays saved and the customer is told), then forgotten here so autopay never
/// charges it again.
/// </summary>
public sealed class SavedMethods(IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, ILogger<SavedMethods> logger)
{
    public static readonly Error MethodNotFound = new("payments.saved_method_not_found", "No such saved payment method.");

    public static readonly Error DetachFailed = new("payments.saved_method_detach_failed",
        "The payment provider could not remove this card just now, so it is still saved. Please try again in a few minutes.");

    public async Task<IReadOnlyList<SavedMethodRow>> ListAsync(Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.SavedPaymentMethods().AsNoTracking()
                          where m.CustomerId == customerId
                          join a in db.GatewayAccounts() on m.GatewayAccountId equals a.Id
                          orderby m.Priority, m.CreatedAtUtc
                          select new { m, a.DisplayName, a.GatewayCode, a.Enabled }).ToListAsync(cancellationToken);
        return rows.Select((r, index) => new SavedMethodRow(r.m.Id, r.m.Label, r.DisplayName, r.GatewayCode, index + 1,
            r.Enabled && accounts.Registry.Find(r.GatewayCode) is { } gateway && gateway.Capabilities.HasFlag(GatewayCapabilities.OffSessionCharge),
            r.m.CreatedAtUtc, r.m.LastFailedAtUtc, r.m.LastFailure)).ToList();
    }

    /// <summary>Swaps the method with its neighbour and numbers the customer's methods 1…n again. At the top (or bottom) it stays.</summary>
    public async Task<Result<IReadOnlyList<SavedMethodRow>>> MoveAsync(Guid customerId, Guid methodId, MoveDirection direction, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var methods = await db.SavedPaymentMethods().Where(m => m.CustomerId == customerId).OrderBy(m => m.Priority).ThenBy(m => m.CreatedAtUtc).ToListAsync(cancellationToken);
            var index = methods.FindIndex(m => m.Id == methodId);
            if (index < 0)
            {
                return MethodNotFound;
            }

            var other = index + (int)direction;
            if (other >= 0 && other < methods.Count)
            {
                (methods[index], methods[other]) = (methods[other], methods[index]);
            }

            for (var i = 0; i < methods.Count; i++)
            {
                methods[i].Priority = i + 1;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return Result<IReadOnlyList<SavedMethodRow>>.Success(await ListAsync(customerId, cancellationToken));
    }

    public async Task<Result<RemovedSavedMethod>> RemoveAsync(Guid customerId, Guid methodId, CancellationToken cancellationToken)
    {
        SavedPaymentMethod? method;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            method = await db.SavedPaymentMethods().AsNoTracking().FirstOrDefaultAsync(m => m.Id == methodId, cancellationToken);
        }

        if (method is null)
        {
            return new RemovedSavedMethod(false, null, AlreadyGone: true);
        }

        if (method.CustomerId != customerId)
        {
            return MethodNotFound;
        }

        var detached = false;
        string? message = null;
        if (await accounts.LoadAsync(method.GatewayAccountId, cancellationToken) is { } loaded && loaded.Gateway is ISavedMethodRemoval removal)
        {
            GatewayResult result;
            try
            {
                result = await removal.RemoveSavedMethodAsync(loaded.Config, new SavedMethodInfo(method.CustomerReference, method.MethodReference, method.Label), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                result = GatewayResult.Unknown(exception.Message);
            }

            if (result.Outcome != GatewayOutcome.Succeeded)
            {
                // Forgetting it here while the gateway still holds it would leave a chargeable card the customer can no
                // longer see: it stays listed until the gateway confirms.
                logger.LogWarning("Detaching saved method {Method} at {Gateway} failed ({Code}: {Message}); it stays saved",
                    method.Id, method.GatewayAccountId, result.ErrorCode, result.ErrorMessage);
                return DetachFailed;
            }

            detached = true;
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var gone = await db.SavedPaymentMethods().Where(m => m.Id == methodId && m.CustomerId == customerId).ExecuteDeleteAsync(cancellationToken);
            var rest = await db.SavedPaymentMethods().Where(m => m.CustomerId == customerId).OrderBy(m => m.Priority).ThenBy(m => m.CreatedAtUtc).ToListAsync(cancellationToken);
            for (var i = 0; i < rest.Count; i++)
            {
                rest[i].Priority = i + 1;
            }

            await db.SaveChangesAsync(cancellationToken);
            return new RemovedSavedMethod(detached, message, AlreadyGone: gone == 0);
        }
    }
}
