using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Balance;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Postpaid;

/// <param name="Limit">Zero removes the limit: usage is then paid from the balance again.</param>
public sealed record SetCreditLimitCommand(Guid ActorUserId, Guid CustomerId, Money Limit);

/// <summary>
/// Staff set how far a customer may run on credit, in the customer's currency; audited in the same save. Setting the
/// same limit again changes nothing and writes no audit entry. Administrators only.
/// </summary>
public sealed class SetCreditLimit(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string AuditAction = "billing.credit_limit_set";

    public async Task<Result<Money>> ExecuteAsync(SetCreditLimitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Limit.IsNegative)
        {
            return Error.Validation("Limit", "billing.credit_limit_negative", "A credit limit cannot be negative.");
        }

        if (command.Limit.Minor > TopUp.MaxMajor * command.Limit.Currency.MinorPerMajor)
        {
            return BalanceErrors.AmountTooLarge;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return BalanceErrors.NotAdmin;
        }

        var buyer = await OrderBuyer.LoadAsync(db, command.CustomerId, cancellationToken);
        if (buyer is null)
        {
            return BalanceErrors.CustomerNotFound;
        }

        if (buyer.Currency != command.Limit.Currency)
        {
            return BalanceErrors.CurrencyMismatch;
        }

        var row = await db.CreditLimits().FirstOrDefaultAsync(l => l.CustomerId == command.CustomerId, cancellationToken);
        var before = row?.Limit ?? Money.Zero(buyer.Currency);
        if (before == command.Limit)
        {
            return command.Limit;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (command.Limit.IsZero)
        {
            db.CreditLimits().Remove(row!);
        }
        else if (row is null)
        {
            db.CreditLimits().Add(new CreditLimit
            {
                CustomerId = command.CustomerId, Limit = command.Limit, UpdatedAtUtc = now, UpdatedByUserId = actor.UserId, ConcurrencyToken = Guid.NewGuid(),
            });
        }
        else
        {
            row.Limit = command.Limit;
            row.UpdatedAtUtc = now;
            row.UpdatedByUserId = actor.UserId;
            row.ConcurrencyToken = Guid.NewGuid();
        }

        audit.Record(db, actor, AuditAction, "Customer", command.CustomerId.ToString(),
            new { CreditLimit = before.ToString() }, new { CreditLimit = command.Limit.ToString() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return BillingErrors.BalanceBusy; // Another member of staff changed it at the same moment.
        }

        return command.Limit;
    }
}
