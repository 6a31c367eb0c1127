using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.UseCases;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Balance;

/// <param name="RequestId">Generated when the form opened: the same id always means the same invoice.</param>
public sealed record PayAheadCommand(Guid CustomerId, Guid SubscriptionId, int Periods, string RequestId);

/// <param name="Paid">True when the balance paid it at once; false = left open to pay.</param>
public sealed record PaidAhead(Guid InvoiceId, string InvoiceNumber, Money GrossTotal, DateTime PaidFromUtc, DateTime PaidUntilUtc, bool Paid, bool Replayed);

/// <summary>
/// Pays a prepaid service 1–12 periods ahead: ONE invoice for the periods that follow the paid time
/// (<see cref="Invoice.ForServicePeriod"/> from the paid-until date), paid from the balance at once when it covers it,
/// else left open. Paying it (now or later) moves the paid-until date to its end once, through the settlement; a renewal
/// for a period start that already has an open or paid invoice is never made. Idempotent by the form's request id.
/// </summary>
public sealed class PayAhead(IDbContextFactory<GameHostDbContext> contexts, ITaxPolicy taxPolicy, PayInvoiceFromBalance payFromBalance, TimeProvider time)
{
    public const int MaxPeriods = 12;

    public static string InvoiceKey(Guid subscriptionId, string requestId) => $"advance:{subscriptionId:N}:{requestId}";

    public async Task<Result<PaidAhead>> ExecuteAsync(PayAheadCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > Subscription.MaxRequestIdLength)
        {
            return BillingErrors.InvalidRequestId;
        }

        if (command.Periods is < 1 or > MaxPeriods)
        {
            return BalanceErrors.PeriodsOutOfRange;
        }

        Invoice? invoice = null;
        var replayed = false;
        for (var attempt = 1; attempt <= PlaceOrder.MaxSaveAttempts && invoice is null; attempt++)
        {
            var created = await TryCreateAsync(command, requestId, cancellationToken);
            if (created is { } result)
            {
                if (!result.IsSuccess)
                {
                    return result.Error;
                }

                (invoice, replayed) = result.Value;
            }
        }

        if (invoice is null)
        {
            return BillingErrors.BalanceBusy;
        }

        if (invoice.Status == InvoiceStatus.Open)
        {
            // Paid from the balance when it covers the whole invoice; otherwise it stays open to pay.
            await payFromBalance.ExecuteAsync(command.CustomerId, invoice.Id, cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var saved = await db.Invoices().AsNoTracking().SingleAsync(i => i.Id == invoice.Id, cancellationToken);
        return new PaidAhead(saved.Id, saved.DisplayNumber!, saved.GrossTotal, saved.ServicePeriodStartUtc!.Value, saved.ServicePeriodEndUtc!.Value,
            saved.Status == InvoiceStatus.Paid, replayed);
    }

    /// <returns>The invoice (new or found by the request id), an error, or null when the save lost a race.</returns>
    private async Task<Result<(Invoice Invoice, bool Replayed)>?> TryCreateAsync(PayAheadCommand command, string requestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var key = InvoiceKey(command.SubscriptionId, requestId);
        var existing = await db.Invoices().AsNoTracking().FirstOrDefaultAsync(i => i.IdempotencyKey == key, cancellationToken);
        if (existing is not null)
        {
            return existing.CustomerId == command.CustomerId ? (existing, true) : BalanceErrors.RequestIdReused;
        }

        var subscription = await db.Subscriptions().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == command.SubscriptionId && s.CustomerId == command.CustomerId, cancellationToken);
        if (subscription is null)
        {
            return BalanceErrors.ServiceNotFound;
        }

        if (subscription is not { BillingModel: BillingModel.PrepaidPeriodic, Status: SubscriptionStatus.Active, PaidUntilUtc: not null }
            || subscription.Period.Months() is null)
        {
            return BalanceErrors.ServiceNotPrepaid;
        }

        var buyer = await OrderBuyer.LoadAsync(db, command.CustomerId, cancellationToken);
        if (buyer is null)
        {
            return BillingErrors.NoBillingProfile;
        }

        if (buyer.Currency != subscription.RecurringNet.Currency)
        {
            return BalanceErrors.CurrencyMismatch;
        }

        var start = subscription.PaidUntilUtc.Value;
        var taken = await db.Invoices().AsNoTracking().AnyAsync(i => i.SubscriptionId == subscription.Id && i.ServicePeriodStartUtc == start
            && (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.Paid), cancellationToken);
        if (taken)
        {
            return BalanceErrors.PeriodAlreadyInvoiced;
        }

        var end = start;
        for (var i = 0; i < command.Periods; i++)
        {
            end = subscription.Period.EndOf(end)!.Value;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var invoice = Invoice.Draft(command.CustomerId, subscription.Id, key, buyer.Currency, buyer.Snapshot, now);
        invoice.ForServicePeriod(start, end);
        var net = new Money(checked(subscription.RecurringNet.Minor * command.Periods), buyer.Currency);
        var tax = await taxPolicy.TaxForAsync(buyer.Snapshot, net, cancellationToken);
        var months = subscription.Period.Months()!.Value * command.Periods;
        invoice.AddLine(InvoiceLineKind.Period, "period", new LocalizedText(
                $"{subscription.ServerName}, paid ahead: {command.Periods} × {subscription.Period.Months()} {(months == 1 ? "month" : "months")} ({start:yyyy-MM-dd} – {end:yyyy-MM-dd})",
                $"{subscription.ServerName}, pago por adelantado: {command.Periods} × {subscription.Period.Months()} {(months == 1 ? "mes" : "meses")} ({start:yyyy-MM-dd} – {end:yyyy-MM-dd})"),
            command.Periods, subscription.RecurringNet, tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment);
        await InvoiceIssuing.IssueAsync(db, invoice, InvoiceNumbering.DefaultSeries, now, start > now ? start : now + PlaceOrder.PaymentWindow, cancellationToken);
        db.Invoices().Add(invoice);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (invoice, false);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null; // Another invoice took this number: try again.
        }
        catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            return null; // The same request saved first: the next attempt answers with it.
        }
    }
}
