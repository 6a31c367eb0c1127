using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Customers;

public sealed record UnlockCustomerCommand(Guid ActorUserId, Guid CustomerId, string? Reason = null, string? CorrelationId = null);

/// <summary>
/// Lifts a staff lock and any automatic lockout, and forgets failed sign-ins, so the customer can sign in again at once.
/// An account with nothing to lift is left alone and gets no audit entry.
/// </summary>
public sealed class UnlockCustomer(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<Result<AccessChange>> ExecuteAsync(UnlockCustomerCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        if (reason?.Length > CustomerAccess.MaxReasonLength)
        {
            return CustomerErrors.ReasonTooLong;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var loaded = await CustomerAccess.LoadAsync(db, command.ActorUserId, command.CustomerId, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var (actor, customer) = loaded.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var lockedOut = customer.LockoutEnd is { } end && end.UtcDateTime > now;
        if (!customer.IsLockedByStaff && !lockedOut && customer.AccessFailedCount == 0)
        {
            return AccessChange.Unchanged;
        }

        var before = CustomerAccessSnapshot.Of(customer);
        customer.IsLockedByStaff = false;
        customer.LockoutEnd = null;
        customer.AccessFailedCount = 0;
        customer.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record(db, actor, CustomerAccess.UnlockedAction, CustomerAccess.SubjectType, CustomerAccess.SubjectId(customer.Id),
            before, CustomerAccessSnapshot.Of(customer) with { Reason = reason }, command.CorrelationId);
        return await CustomerAccess.SaveAsync(db, cancellationToken);
    }
}
