using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Customers;

public sealed record LockCustomerCommand(Guid ActorUserId, Guid CustomerId, string? Reason, string? CorrelationId = null);

/// <summary>
/// Staff lock a customer out until they unlock them: sign-in is refused (lockout end in the far future), open sessions
/// end at their next revalidation (new security stamp), and the audit entry is written in the same save.
/// </summary>
public sealed class LockCustomer(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit)
{
    public async Task<Result<AccessChange>> ExecuteAsync(LockCustomerCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return CustomerErrors.ReasonRequired;
        }

        if (reason.Length > CustomerAccess.MaxReasonLength)
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
        if (customer.IsLockedByStaff)
        {
            return AccessChange.Unchanged;
        }

        var before = CustomerAccessSnapshot.Of(customer);
        customer.IsLockedByStaff = true;
        customer.LockoutEnabled = true;
        customer.LockoutEnd = DateTimeOffset.MaxValue;
        CustomerAccess.EndSessions(customer);
        audit.Record(db, actor, CustomerAccess.LockedAction, CustomerAccess.SubjectType, CustomerAccess.SubjectId(customer.Id),
            before, CustomerAccessSnapshot.Of(customer) with { Reason = reason }, command.CorrelationId);
        return await CustomerAccess.SaveAsync(db, cancellationToken);
    }
}
