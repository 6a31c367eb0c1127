using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>A gateway the customer may pay with, and the fee shown beside it.</summary>
public sealed record PaymentOption(Guid AccountId, string GatewayCode, string DisplayName, Money Fee, bool Sandbox);

/// <summary>An attempt as the customer sees it: which method, where it got to, and why it failed.</summary>
public sealed record AttemptRow(
    Guid Id, string GatewayCode, string GatewayName, PaymentPurpose Purpose, Guid? InvoiceId, Money Amount, AttemptStatus Status,
    string? ErrorCode, string? ErrorMessage, DateTime CreatedAtUtc, DateTime UpdatedAtUtc, bool Autopay);

/// <summary>Reads for the cabinet's pay section and payment history.</summary>
public sealed class PaymentOptionsQuery(IDbContextFactory<GameHostDbContext> contexts, GatewayRegistry registry)
{
    /// <summary>Enabled accounts offered for <paramref name="amount"/>'s currency whose adapter is present, in display order.</summary>
    public async Task<IReadOnlyList<PaymentOption>> OptionsAsync(Money amount, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accounts = await db.GatewayAccounts().AsNoTracking().Where(a => a.Enabled).OrderBy(a => a.DisplayOrder).ThenBy(a => a.DisplayName).ToListAsync(cancellationToken);
        return accounts
            .Where(a => a.Offers(amount.Currency) && registry.Find(a.GatewayCode) is { } g && g.SupportedCurrencies.Contains(amount.Currency.Code))
            .Select(a => new PaymentOption(a.Id, a.GatewayCode, a.DisplayName, a.FeeFor(amount), a.Sandbox))
            .ToList();
    }

    /// <summary>The attempt for the invoice that may still move money, if any ("payment being confirmed").</summary>
    public async Task<AttemptRow?> InFlightAsync(Guid customerId, Guid invoiceId, CancellationToken cancellationToken)
    {
        var rows = await AttemptsAsync(customerId, invoiceId, 20, cancellationToken);
        return rows.FirstOrDefault(r => PaymentAttempt.InFlight.Contains(r.Status));
    }

    /// <summary>One of the customer's attempts (the balance page shows how a top-up ended after the gateway sent the buyer back).</summary>
    public async Task<AttemptRow?> AttemptAsync(Guid customerId, Guid attemptId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await (from a in db.PaymentAttempts().AsNoTracking()
                         where a.Id == attemptId && a.CustomerId == customerId
                         join g in db.GatewayAccounts() on a.GatewayAccountId equals g.Id
                         select new { a, g.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : Row(row.a, row.DisplayName);
    }

    public async Task<IReadOnlyList<AttemptRow>> AttemptsAsync(Guid customerId, Guid? invoiceId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.PaymentAttempts().AsNoTracking().Where(a => a.CustomerId == customerId);
        if (invoiceId is { } id)
        {
            query = query.Where(a => a.InvoiceId == id);
        }

        var rows = await (from a in query
                          join g in db.GatewayAccounts() on a.GatewayAccountId equals g.Id
                          orderby a.CreatedAtUtc descending
                          select new { a, g.DisplayName }).Take(take).ToListAsync(cancellationToken);
        return rows.Select(r => Row(r.a, r.DisplayName)).ToList();
    }

    internal static AttemptRow Row(PaymentAttempt a, string name) =>
        new(a.Id, a.GatewayCode, name, a.Purpose, a.InvoiceId, a.Amount, a.Status, a.LastErrorCode, a.LastErrorMessage, a.CreatedAtUtc, a.UpdatedAtUtc, a.SavedMethodId is not null);
}

public sealed record GatewayEventRow(
    Guid Id, string GatewayCode, string EventId, string EventType, GatewayEventStatus Status, string? Reason, int Attempts, Guid? AttemptId,
    DateTime ReceivedAtUtc, DateTime? ProcessedAtUtc);

public sealed record StaffAttemptRow(AttemptRow Attempt, string CustomerEmail, string? TransactionId, int Checks, DateTime? NextCheckAtUtc);

public sealed record HeldPaymentRow(Guid PaymentId, string Gateway, string TransactionId, string CustomerEmail, Money Amount, Money? Expected, DateTime RecordedAtUtc);

/// <summary>Reads for the staff console: the inbox, the attempts, payments held for review.</summary>
public sealed class GatewayAdminQuery(IDbContextFactory<GameHostDbContext> contexts)
{
    public async Task<PagedList<GatewayEventRow>> EventsAsync(GatewayEventStatus? status, string? gatewayCode, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.GatewayEvents().AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(e => e.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(gatewayCode))
        {
            query = query.Where(e => e.GatewayCode == gatewayCode);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.ReceivedAtUtc).Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(e => new GatewayEventRow(e.Id, e.GatewayCode, e.EventId, e.EventType, e.Status, e.Reason, e.Attempts, e.AttemptId, e.ReceivedAtUtc, e.ProcessedAtUtc))
            .ToListAsync(cancellationToken);
        return new PagedList<GatewayEventRow>(rows, total, page, pageSize);
    }

    public async Task<PagedList<StaffAttemptRow>> AttemptsAsync(AttemptStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.PaymentAttempts().AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(a => a.Status == s);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await (from a in query
                          join g in db.GatewayAccounts() on a.GatewayAccountId equals g.Id
                          join u in db.Users on a.CustomerId equals u.Id
                          orderby a.CreatedAtUtc descending
                          select new { a, g.DisplayName, u.Email }).Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedList<StaffAttemptRow>(
            rows.Select(r => new StaffAttemptRow(PaymentOptionsQuery.Row(r.a, r.DisplayName), r.Email ?? "", r.a.TransactionId, r.a.Checks, r.a.NextCheckAtUtc)).ToList(),
            total, page, pageSize);
    }

    public async Task<IReadOnlyList<HeldPaymentRow>> HeldAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from p in db.Payments().AsNoTracking()
                          where p.HeldForReview
                          join u in db.Users on p.CustomerId equals u.Id
                          join a in db.PaymentAttempts() on p.AttemptId equals a.Id into attempts
                          from a in attempts.DefaultIfEmpty()
                          orderby p.RecordedAtUtc descending
                          select new { p, u.Email, Expected = a == null ? (Money?)null : a.Amount }).ToListAsync(cancellationToken);
        return rows.Select(r => new HeldPaymentRow(r.p.Id, r.p.Gateway, r.p.GatewayTransactionId, r.Email ?? "", r.p.Amount, r.Expected, r.p.RecordedAtUtc)).ToList();
    }
}
