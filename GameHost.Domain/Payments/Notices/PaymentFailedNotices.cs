using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Triggers;
using GameHost.Domain.Notifications.Values;
using GameHost.Domain.Payments.Gateways;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GameHost.Domain.Payments.Notices;

/// <summary>
/// Raises <c>billing.payment_failed</c> in the save that records a gateway's refusal of a payment attempt (a declined
/// card, a refused saved-method charge), from a return page, a webhook or a status check alike. Once per attempt: the
/// key is the attempt's id, and only the move into <see cref="AttemptStatus.Failed"/> counts.
/// </summary>
public sealed class PaymentFailedNotices(Notifier notifier) : NotifyOnSave<PaymentAttempt>(notifier)
{
    public static string Key(Guid attemptId) => $"payment-failed:{attemptId:N}";

    protected override bool Happened(EntityEntry<PaymentAttempt> entry) =>
        entry.Entity.Status == AttemptStatus.Failed
        && (entry.State == EntityState.Added
            || (entry.State == EntityState.Modified && entry.Property(a => a.Status).OriginalValue != AttemptStatus.Failed));

    protected override Guid Recipient(PaymentAttempt entity) => entity.CustomerId;

    protected override NotifyRequest Request(PaymentAttempt entity, string language) => new(
        NotificationCatalogue.Codes.PaymentFailed,
        entity.CustomerId,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["amount"] = NotificationValues.Amount(entity.Amount, language),
            ["reason"] = entity.LastErrorMessage,
        },
        Key(entity.Id),
        entity.InvoiceId is { } invoiceId ? $"/cabinet/billing/invoices/{invoiceId:D}" : "/cabinet/billing");
}
