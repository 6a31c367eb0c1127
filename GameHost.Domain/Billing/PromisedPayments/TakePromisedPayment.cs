using GameHost.Domain.Audit;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Sweeps;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.PromisedPayments;

/// <param name="RequestId">Generated when the promise dialog opened; the same id always means the same promise.</param>
public sealed record TakePromiseCommand(Guid CustomerId, Guid InvoiceId, string RequestId);

public sealed record TakenPromise(Guid PromiseId, DateTime EndsAtUtc, bool Replayed);

/// <summary>
/// A customer takes a promised payment on an open renewal invoice: the service keeps running until the promise ends
/// (the dunning suspension waits), the promise is audited and confirmed (catalogue event <c>billing.promised_payment_taken</c>). Paying later starts the new period
/// where the paid time ended, so the days on promise are billed. Idempotent by the dialog's request id.
/// </summary>
public sealed class TakePromisedPayment(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time, Notifier notifier)
{
    public const string AuditAction = "billing.promised_payment_taken";

    public async Task<Result<TakenPromise>> ExecuteAsync(TakePromiseCommand command, NoticeContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > PromisedPayment.MaxRequestIdLength)
        {
            return PromiseErrors.InvalidRequestId;
        }

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var earlier = await db.PromisedPayments().AsNoTracking().FirstOrDefaultAsync(p => p.RequestId == requestId, cancellationToken);
            if (earlier is not null)
            {
                return earlier.CustomerId == command.CustomerId && earlier.InvoiceId == command.InvoiceId
                    ? new TakenPromise(earlier.Id, earlier.EndsAtUtc, Replayed: true)
                    : PromiseErrors.InvalidRequestId;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var checkedTerms = await PromiseRules.CheckAsync(db, command.CustomerId, command.InvoiceId, now, cancellationToken);
            if (!checkedTerms.IsSuccess)
            {
                return checkedTerms.Error;
            }

            var terms = checkedTerms.Value!;
            var invoice = await db.Invoices().AsNoTracking().SingleAsync(i => i.Id == command.InvoiceId, cancellationToken);
            var customer = await db.Users.AsNoTracking().SingleAsync(u => u.Id == command.CustomerId, cancellationToken);
            var promise = new PromisedPayment
            {
                Id = Guid.NewGuid(),
                RequestId = requestId,
                CustomerId = command.CustomerId,
                InvoiceId = invoice.Id,
                SubscriptionId = invoice.SubscriptionId,
                PoolId = invoice.SubscriptionId is null ? Pools.PoolRenewalSweep.PoolIdOf(invoice.IdempotencyKey) : null,
                Amount = invoice.GrossTotal,
                StartedAtUtc = now,
                EndsAtUtc = terms.EndsAtUtc,
                Status = PromiseStatus.Active,
                ConcurrencyToken = Guid.NewGuid(),
            };
            db.PromisedPayments().Add(promise);
            audit.Record(db, new AuditActor(customer.Id, customer.Email ?? customer.FullName), AuditAction, "Invoice", invoice.Id.ToString(), null,
                new { Invoice = invoice.DisplayNumber, Amount = invoice.GrossTotal.ToString(), promise.EndsAtUtc, Group = terms.GroupName }, requestId);
            await notifier.NotifyAsync(db, new NotifyRequest(
                NotificationCatalogue.Codes.PromisedPaymentTaken, customer.Id, new Dictionary<string, string?>
                {
                    ["amount"] = NotificationValues.Amount(invoice.GrossTotal, customer.PreferredLanguage),
                    ["until"] = NotificationValues.DateAndTime(promise.EndsAtUtc, customer.PreferredLanguage),
                }, $"promise-taken:{promise.Id:N}", context.CabinetUrl), cancellationToken);

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new TakenPromise(promise.Id, promise.EndsAtUtc, Replayed: false);
            }
            catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
            {
                // The same request (or another promise on this invoice) saved first; the next attempt answers with it.
            }
        }

        return PromiseErrors.Busy;
    }
}
