using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments;

/// <param name="InvoiceId">The invoice the payer meant; null = top-up (the balance still pays open invoices).</param>
/// <param name="ActorUserId">Staff recording it by hand; null for a gateway.</param>
public sealed record RecordPaymentCommand(
    string Gateway,
    string TransactionId,
    Guid CustomerId,
    Guid? InvoiceId,
    Money Amount,
    DateTime ReceivedAtUtc,
    Guid? ActorUserId = null,
    string? Note = null)
{
    /// <summary>The configured gateway account the money came through (null for staff-recorded transfers).</summary>
    public Guid? GatewayAccountId { get; init; }

    /// <summary>The attempt it completes; with <see cref="ExpectedAmount"/> the amount and currency are checked.</summary>
    public Guid? AttemptId { get; init; }

    /// <summary>What the attempt charged: a payment of another amount or currency is held for review, not credited.</summary>
    public Money? ExpectedAmount { get; init; }
}

/// <param name="Replayed">The transaction id was already recorded: this is the first recording, nothing new was written.</param>
/// <param name="HeldForReview">Stored but not credited: the amount or currency differed from the attempt.</param>
public sealed record RecordedPayment(Guid PaymentId, PaymentFlag Flag, IReadOnlyList<string> InvoicesPaid, Money BalanceAfter, bool Replayed, bool HeldForReview = false);

/// <summary>
/// The one path by which money enters the books, whoever reports it (a gateway's return, its webhook, reconciliation,
/// or staff recording a bank transfer). In ONE save: the payment row, the ledger credit to the customer's balance,
/// and the balance paying open invoices (the named one first, then oldest first) — which activates their orders.
/// Keyed by gateway + transaction id: the second report of the same money changes nothing and answers with the first.
/// </summary>
/// <param name="notifier">Raises <c>billing.payment_received</c> in the same save (keyed like the ledger transaction); the host always supplies it.</param>
public sealed class RecordPayment(IDbContextFactory<GameHostDbContext> contexts, LedgerPosting ledger, InvoiceSettlement settlement, TimeProvider time, Notifier? notifier = null)
{
    /// <summary>
    /// Saves that lose the race for one balance are retried. Each round of N writers racing for the same balance commits
    /// one of them, so the last of N needs N attempts: 10 covers the return, webhook, reconciliation and staff paths
    /// reporting different money for one customer at once (5 was not enough for 6 racers).
    /// </summary>
    public const int MaxAttempts = 10;

    public static string TransactionKey(string gateway, string transactionId) => $"payment:{gateway}:{transactionId}";

    public async Task<Result<RecordedPayment>> ExecuteAsync(RecordPaymentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var transactionId = command.TransactionId?.Trim() ?? "";
        if (transactionId.Length is 0 or > Payment.MaxTransactionIdLength)
        {
            return PaymentErrors.InvalidTransactionId;
        }

        if (command.Amount.Minor <= 0)
        {
            return PaymentErrors.InvalidAmount;
        }

        if (command.ReceivedAtUtc > time.GetUtcNow().UtcDateTime.AddMinutes(5))
        {
            return PaymentErrors.ReceivedInFuture;
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var outcome = await TryRecordAsync(command with { TransactionId = transactionId }, cancellationToken);
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        return PaymentErrors.Busy;
    }

    /// <returns>The outcome, or null when the save lost a race (a balance moved, or the same payment saved first).</returns>
    private async Task<Result<RecordedPayment>?> TryRecordAsync(RecordPaymentCommand command, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Payments().AsNoTracking()
            .FirstOrDefaultAsync(p => p.Gateway == command.Gateway && p.GatewayTransactionId == command.TransactionId, cancellationToken);
        if (existing is not null)
        {
            return existing.CustomerId == command.CustomerId && existing.Amount == command.Amount
                ? await ReplayAsync(db, existing, cancellationToken)
                : PaymentErrors.TransactionIdReused;
        }

        var profile = await db.CustomerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == command.CustomerId, cancellationToken);
        if (profile is null || !Currency.TryFromCode(profile.BillingCurrency, out var currency))
        {
            return PaymentErrors.CustomerNotFound;
        }

        var held = command.ExpectedAmount is { } expected && (expected != command.Amount || command.Amount.Currency != currency);
        if (!held && command.Amount.Currency != currency)
        {
            return PaymentErrors.CurrencyMismatch;
        }

        Invoice? invoice = null;
        if (command.InvoiceId is { } invoiceId)
        {
            invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == invoiceId && i.CustomerId == command.CustomerId, cancellationToken);
            if (invoice is null || invoice.Status == InvoiceStatus.Draft)
            {
                return PaymentErrors.InvoiceNotFound;
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        var payment = new Payment
        {
            Id = Guid.NewGuid(),
            Gateway = command.Gateway,
            GatewayTransactionId = command.TransactionId,
            CustomerId = command.CustomerId,
            InvoiceId = command.InvoiceId,
            Amount = command.Amount,
            Flag = FlagFor(invoice, command.Amount),
            Note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim(),
            ReceivedAtUtc = command.ReceivedAtUtc,
            RecordedAtUtc = now,
            RecordedByUserId = command.ActorUserId,
            GatewayAccountId = command.GatewayAccountId,
            AttemptId = command.AttemptId,
        };
        if (held)
        {
            // Not what was asked for: keep the record (the money did arrive) but credit nothing until staff decide.
            payment.HeldForReview = true;
            payment.Flag = PaymentFlag.None;
            db.Payments().Add(payment);
            if (!await SaveAsync(db, cancellationToken))
            {
                return null;
            }

            return new RecordedPayment(payment.Id, payment.Flag, [], Money.Zero(currency), Replayed: false, HeldForReview: true);
        }

        var (transaction, _) = await ledger.PostAsync(db, new PostingRequest(
            TransactionKey(command.Gateway, command.TransactionId), "payment_received",
            $"Payment {command.TransactionId} via {command.Gateway}",
            [Posting.System(LedgerAccountKind.PaymentsReceived, -command.Amount), Posting.Customer(command.CustomerId, command.Amount)],
            command.CustomerId, command.InvoiceId, command.ActorUserId), cancellationToken);
        payment.LedgerTransactionId = transaction.Id;
        db.Payments().Add(payment);
        var paid = await settlement.ApplyBalanceAsync(db, command.CustomerId, command.InvoiceId, cancellationToken);
        var balance = (await LedgerPosting.AccountAsync(db, Posting.Customer(command.CustomerId, Money.Zero(currency)), now, cancellationToken)).Balance;
        if (notifier is not null)
        {
            await NotifyReceivedAsync(notifier, db, command.CustomerId, command.Amount, paid, TransactionKey(command.Gateway, command.TransactionId), cancellationToken);
        }

        if (!await SaveAsync(db, cancellationToken))
        {
            return null;
        }

        return new RecordedPayment(payment.Id, payment.Flag, paid.Select(i => i.DisplayNumber!).ToList(), balance, Replayed: false);
    }

    /// <summary>Raises <c>billing.payment_received</c> into <paramref name="db"/> (saved with the money), keyed like the ledger credit.</summary>
    internal static async Task NotifyReceivedAsync(
        Notifier notifier, GameHostDbContext db, Guid customerId, Money amount, IReadOnlyList<Invoice> paid, string key, CancellationToken cancellationToken)
    {
        var language = await db.Users.AsNoTracking().Where(u => u.Id == customerId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
        await notifier.NotifyAsync(db, new NotifyRequest(NotificationCatalogue.Codes.PaymentReceived, customerId, new Dictionary<string, string?>
        {
            ["amount"] = NotificationValues.Amount(amount, language),
            ["invoice_number"] = paid.Count == 0
                ? NotificationValues.Text("Paid.Balance", language)
                : NotificationValues.Text("Paid.Invoices", language, string.Join(", ", paid.Select(i => i.DisplayNumber))),
        }, key, "/cabinet/billing"), cancellationToken);
    }

    /// <summary>Saves; false when a concurrent writer won (a changed row or a unique key already taken), so the caller re-reads.</summary>
    internal static async Task<bool> SaveAsync(GameHostDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return false;
        }
    }

    internal static PaymentFlag FlagFor(Invoice? invoice, Money amount) => invoice switch
    {
        null => PaymentFlag.None,
        { Status: not InvoiceStatus.Open } => PaymentFlag.InvoiceNotOpen,
        _ when amount > invoice.GrossTotal => PaymentFlag.Overpaid,
        _ when amount < invoice.GrossTotal => PaymentFlag.Underpaid,
        _ => PaymentFlag.None,
    };

    private static async Task<Result<RecordedPayment>> ReplayAsync(GameHostDbContext db, Payment payment, CancellationToken cancellationToken)
    {
        if (payment.HeldForReview)
        {
            return new RecordedPayment(payment.Id, payment.Flag, [], Money.Zero(payment.Amount.Currency), Replayed: true, HeldForReview: true);
        }

        var balance = await db.LedgerAccounts().AsNoTracking()
            .Where(a => a.Code == LedgerAccount.CustomerCode(payment.CustomerId, payment.Amount.Currency))
            .Select(a => a.Balance).FirstAsync(cancellationToken);
        return new RecordedPayment(payment.Id, payment.Flag, [], balance, Replayed: true);
    }
}
