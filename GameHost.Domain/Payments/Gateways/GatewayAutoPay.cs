using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Renewals;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// Pays renewals the balance did not cover with the customer's saved methods, in the order the customer set, then the
/// balance once more. Each charge is an attempt keyed by (invoice, method), so a repeated run charges nothing twice;
/// each failure is kept on the attempt and the method and shown in the cabinet. A method that needs the customer
/// (3-D Secure) stops the chain and tells the customer, with a link to pay (<c>billing.payment_action_required</c>).
/// </summary>
public sealed class GatewayAutoPay(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, AttemptOutcomes outcomes, PayInvoiceFromBalance balance, TimeProvider time,
    Notifier notifier, ILogger<GatewayAutoPay> logger) : IAutoPay
{
    public static string RequestId(Guid invoiceId, Guid methodId) => $"autopay:{invoiceId:N}:{methodId:N}";

    public async Task<int> TryChargeAsync(IReadOnlyList<UnpaidRenewal> invoices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var started = 0;
        foreach (var renewal in invoices)
        {
            started += await ChargeAsync(renewal, cancellationToken);
        }

        return started;
    }

    private async Task<int> ChargeAsync(UnpaidRenewal renewal, CancellationToken cancellationToken)
    {
        List<SavedPaymentMethod> methods;
        Invoice? invoice;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            invoice = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.Id == renewal.InvoiceId && i.CustomerId == renewal.CustomerId, cancellationToken);
            methods = await db.SavedPaymentMethods().AsNoTracking().Where(m => m.CustomerId == renewal.CustomerId)
                .OrderBy(m => m.Priority).ThenBy(m => m.CreatedAtUtc).ToListAsync(cancellationToken);
        }

        if (invoice is not { Status: InvoiceStatus.Open })
        {
            return 0;
        }

        var started = 0;
        foreach (var method in methods)
        {
            if (await accounts.LoadAsync(method.GatewayAccountId, cancellationToken) is not { } loaded || !loaded.Account.Enabled
                || !loaded.Gateway.Capabilities.HasFlag(GatewayCapabilities.OffSessionCharge) || !loaded.Gateway.SupportedCurrencies.Contains(invoice.Currency.Code))
            {
                continue;
            }

            var attempt = await CreateAttemptAsync(invoice, method, loaded.Account, cancellationToken);
            if (attempt is null)
            {
                return started; // Another attempt for this invoice may still move money: wait for it.
            }

            if (attempt.Status != AttemptStatus.Created)
            {
                if (attempt.Status is AttemptStatus.Failed or AttemptStatus.Expired)
                {
                    continue; // Tried before and failed: the next method.
                }

                return started;
            }

            started++;
            GatewayResult result;
            try
            {
                result = await loaded.Gateway.ChargeSavedMethodAsync(loaded.Config,
                    new SavedMethodCharge(attempt.Id, method.CustomerReference, method.MethodReference, attempt.Amount, $"Invoice {invoice.DisplayNumber}"), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                result = GatewayResult.Unknown(exception.Message);
            }

            var applied = await outcomes.ApplyAsync(attempt.Id, result, OutcomeSource.Autopay, cancellationToken);
            switch (applied.Attempt.Status)
            {
                case AttemptStatus.Succeeded:
                    return started;
                case AttemptStatus.Failed or AttemptStatus.NotAttempted:
                    await NoteFailureAsync(method.Id, applied.Attempt.LastErrorMessage ?? applied.Attempt.LastErrorCode, cancellationToken);
                    continue;
                case AttemptStatus.RequiresCustomerAction or AttemptStatus.RedirectIssued:
                    await AskCustomerAsync(invoice, applied.Attempt, cancellationToken);
                    return started;
                default:
                    return started; // Pending / Unknown: the webhook or the janitor finishes it.
            }
        }

        // Every saved method failed (or there is none): the balance may have grown meanwhile.
        var paid = await balance.ExecuteAsync(invoice.CustomerId, invoice.Id, cancellationToken);
        if (!paid.IsSuccess)
        {
            logger.LogInformation("Autopay could not pay invoice {Invoice}: {Code}", invoice.DisplayNumber, paid.Error.Code);
        }

        return started;
    }

    private async Task<PaymentAttempt?> CreateAttemptAsync(Invoice invoice, SavedPaymentMethod method, GatewayAccount account, CancellationToken cancellationToken)
    {
        var requestId = RequestId(invoice.Id, method.Id);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.PaymentAttempts().AsNoTracking().FirstOrDefaultAsync(a => a.CustomerId == invoice.CustomerId && a.RequestId == requestId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var inFlight = PaymentAttempt.InFlight;
        if (await db.PaymentAttempts().AnyAsync(a => a.InvoiceId == invoice.Id && inFlight.Contains(a.Status), cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var attempt = new PaymentAttempt
        {
            Id = Guid.NewGuid(), CustomerId = invoice.CustomerId, Purpose = PaymentPurpose.Invoice, InvoiceId = invoice.Id, GatewayAccountId = account.Id,
            GatewayCode = account.GatewayCode, Amount = invoice.GrossTotal, RequestId = requestId, SavedMethodId = method.Id, Status = AttemptStatus.Created,
            CreatedAtUtc = now, UpdatedAtUtc = now, NextCheckAtUtc = AttemptOutcomes.NextCheck(now, 0), ConcurrencyToken = Guid.NewGuid(),
        };
        db.PaymentAttempts().Add(attempt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return attempt;
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return null; // A concurrent run created it: that run charges.
        }
    }

    private async Task NoteFailureAsync(Guid methodId, string? reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var text = reason is null ? null : reason.Length <= 500 ? reason : reason[..500];
        await db.SavedPaymentMethods().Where(m => m.Id == methodId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastFailedAtUtc, time.GetUtcNow().UtcDateTime).SetProperty(m => m.LastFailure, text), cancellationToken);
    }

    /// <summary>
    /// Tells the customer their bank wants them to confirm the payment, with a link to the invoice: a mandatory
    /// catalogue event, keyed by the attempt, so a repeated run tells them once.
    /// </summary>
    private async Task AskCustomerAsync(Invoice invoice, PaymentAttempt attempt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var language = await db.Users.AsNoTracking().Where(u => u.Id == invoice.CustomerId).Select(u => u.PreferredLanguage).FirstOrDefaultAsync(cancellationToken);
        var values = new Dictionary<string, string?>
        {
            ["invoice_number"] = invoice.DisplayNumber,
            ["amount"] = NotificationValues.Amount(attempt.Amount, language),
        };
        await notifier.NotifyAsync(db, new NotifyRequest(
            NotificationCatalogue.Codes.PaymentActionRequired, invoice.CustomerId, values, $"autopay-action:{attempt.Id:N}", $"/cabinet/billing/invoices/{invoice.Id:D}"),
            cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Raised by a racing run: told once.
        }
    }
}
