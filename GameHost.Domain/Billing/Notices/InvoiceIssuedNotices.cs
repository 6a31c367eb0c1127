using GameHost.Domain.Notifications;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Triggers;
using GameHost.Domain.Notifications.Values;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GameHost.Domain.Billing.Notices;

/// <summary>
/// Raises <c>billing.invoice_issued</c> for every invoice a save issues (inserted with a number, or numbered since it
/// was read), in that same save: orders, renewals, pools, products, upgrades, postpaid months and pay-ahead alike,
/// without each of them having to remember it. A renewal batch of any size costs the same few reads. The key is the
/// invoice's id: a later save that touches the issued invoice, or a re-run sweep, adds nothing.
/// </summary>
public sealed class InvoiceIssuedNotices(Notifier notifier) : NotifyOnSave<Invoice>(notifier)
{
    public static string Key(Guid invoiceId) => $"invoice-issued:{invoiceId:N}";

    public static string Link(Guid invoiceId) => $"/cabinet/billing/invoices/{invoiceId:D}";

    protected override bool Happened(EntityEntry<Invoice> entry) =>
        entry.Entity.Number is not null
        && (entry.State == EntityState.Added
            || (entry.State == EntityState.Modified && entry.Property(i => i.Number).OriginalValue is null));

    protected override Guid Recipient(Invoice entity) => entity.CustomerId;

    protected override NotifyRequest Request(Invoice entity, string language) => new(
        NotificationCatalogue.Codes.InvoiceIssued,
        entity.CustomerId,
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["invoice_number"] = entity.DisplayNumber,
            ["amount"] = NotificationValues.Amount(entity.GrossTotal, language),
            ["due_date"] = entity.DueAtUtc is { } due ? NotificationValues.Date(due, language) : null,
        },
        Key(entity.Id),
        Link(entity.Id));
}
