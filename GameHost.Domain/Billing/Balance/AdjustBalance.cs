using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Balance;

public enum AdjustmentDirection
{
    /// <summary>Adds to the customer's balance (goodwill, a correction in their favour).</summary>
    Credit = 0,

    /// <summary>Takes from the customer's balance (a correction in ours).</summary>
    Debit = 1,
}

/// <param name="RequestId">Generated when the dialog opened: a double click or a retry makes one adjustment.</param>
public sealed record AdjustBalanceCommand(Guid ActorUserId, Guid CustomerId, Money Amount, AdjustmentDirection Direction, string? Reason, string RequestId);

public sealed record BalanceAdjusted(Guid TransactionId, Money BalanceAfter, bool Replayed);

/// <summary>
/// Staff credit or debit a customer's balance by hand: a ledger transaction against the Adjustments account, with a
/// mandatory reason, audited in the same save. Only in the customer's currency; keyed by the dialog's request id, so a
/// repeat answers with the first adjustment. A credit then pays open invoices, oldest first, like any incoming money.
/// Administrators only: it moves money.
/// </summary>
public sealed class AdjustBalance(
    IDbContextFactory<GameHostDbContext> contexts, LedgerPosting ledger, InvoiceSettlement settlement, AuditLog audit, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public const string TransactionKind = "manual_adjustment";

    public const string AuditAction = "billing.balance_adjusted";

    public static string TransactionKey(string requestId) => $"adjustment:{requestId}";

    public async Task<Result<BalanceAdjusted>> ExecuteAsync(AdjustBalanceCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > Subscription.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return BalanceErrors.ReasonRequired;
        }

        if (reason.Length > MaxReasonLength)
        {
            return BalanceErrors.ReasonTooLong;
        }

        if (command.Amount.Minor <= 0)
        {
            return BalanceErrors.AmountRequired;
        }

        if (command.Amount.Minor > TopUp.MaxMajor * command.Amount.Currency.MinorPerMajor)
        {
            return BalanceErrors.AmountTooLarge;
        }

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var outcome = await TryAdjustAsync(command, requestId, reason, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return BillingErrors.BalanceBusy;
    }

    private async Task<Result<BalanceAdjusted>?> TryAdjustAsync(AdjustBalanceCommand command, string requestId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return BalanceErrors.NotAdmin;
        }

        var key = TransactionKey(requestId);
        var existing = await db.LedgerTransactions().AsNoTracking().FirstOrDefaultAsync(t => t.IdempotencyKey == key, cancellationToken);
        if (existing is not null)
        {
            return existing.CustomerId == command.CustomerId
                ? new BalanceAdjusted(existing.Id, await BalanceAsync(db, command.CustomerId, command.Amount.Currency, cancellationToken), true)
                : BalanceErrors.RequestIdReused;
        }

        var buyer = await OrderBuyer.LoadAsync(db, command.CustomerId, cancellationToken);
        if (buyer is null)
        {
            return BalanceErrors.CustomerNotFound;
        }

        if (buyer.Currency != command.Amount.Currency)
        {
            return BalanceErrors.CurrencyMismatch;
        }

        var signed = command.Direction == AdjustmentDirection.Credit ? command.Amount : -command.Amount;
        var account = await LedgerPosting.AccountAsync(db, Posting.Customer(command.CustomerId, Money.Zero(buyer.Currency)), time.GetUtcNow().UtcDateTime, cancellationToken);
        var before = account.Balance;
        var (transaction, _) = await ledger.PostAsync(db, new PostingRequest(
            key, TransactionKind, $"{(command.Direction == AdjustmentDirection.Credit ? "Credit" : "Debit")} by staff: {reason}",
            [Posting.Customer(command.CustomerId, signed), Posting.System(LedgerAccountKind.Adjustments, -signed)],
            command.CustomerId, null, actor.UserId), cancellationToken);
        if (command.Direction == AdjustmentDirection.Credit)
        {
            await settlement.ApplyBalanceAsync(db, command.CustomerId, null, cancellationToken);
        }

        audit.Record(db, actor, AuditAction, "Customer", command.CustomerId.ToString(),
            new { Balance = before.ToString() },
            new { Balance = (before + signed).ToString(), Direction = command.Direction.ToString(), Amount = command.Amount.ToString(), Reason = reason },
            requestId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return null;
        }

        return new BalanceAdjusted(transaction.Id, account.Balance, false);
    }

    private static async Task<Money> BalanceAsync(GameHostDbContext db, Guid customerId, Currency currency, CancellationToken cancellationToken)
    {
        var code = LedgerAccount.CustomerCode(customerId, currency);
        return await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => (Money?)a.Balance).FirstOrDefaultAsync(cancellationToken)
            ?? Money.Zero(currency);
    }
}
