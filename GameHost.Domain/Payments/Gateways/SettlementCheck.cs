using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>How a gateway's listing and our payments disagree.</summary>
public enum SettlementDifferenceKind
{
    /// <summary>The gateway shows a completed payment we never recorded (a missed webhook: money nobody was credited with).</summary>
    MissingHere = 1,

    /// <summary>We recorded a payment the gateway does not list for its day.</summary>
    MissingAtGateway = 2,

    /// <summary>Both have it, for different amounts or currencies.</summary>
    AmountDiffers = 3,
}

/// <summary>
/// One difference the daily settlement check found between a gateway account's own transaction listing and our
/// <see cref="Payment"/> rows. Reported to staff, never acted on: money is only ever moved by a person or by the
/// recording path. Unique per account, kind and transaction, so a check that runs twice reports it once.
/// </summary>
public sealed class SettlementDifference
{
    public Guid Id { get; set; }

    public Guid GatewayAccountId { get; set; }

    public string GatewayCode { get; set; } = "";

    public SettlementDifferenceKind Kind { get; set; }

    /// <summary>The gateway's transaction id (capture id, <c>pi_…</c>).</summary>
    public string TransactionId { get; set; } = "";

    /// <summary>The gateway's amount (our payment's when the gateway does not list it).</summary>
    public Money Amount { get; set; }

    /// <summary>Our amount when it differs from the gateway's.</summary>
    public long? RecordedAmountMinor { get; set; }

    public string? RecordedCurrency { get; set; }

    /// <summary>The UTC day checked.</summary>
    public DateTime DayUtc { get; set; }

    /// <summary>When the money moved, as the gateway (or our payment) says.</summary>
    public DateTime OccurredAtUtc { get; set; }

    public Guid? PaymentId { get; set; }

    /// <summary>Our attempt id as the gateway echoed it, when it did: the customer and invoice it was meant for.</summary>
    public string? AttemptReference { get; set; }

    public DateTime DetectedAtUtc { get; set; }
}

/// <param name="Skipped">Accounts whose gateway cannot list transactions (bank transfer, demo, PayFast today).</param>
/// <param name="Failed">Accounts whose listing could not be read in full: nothing was concluded for them.</param>
public sealed record SettlementRun(DateTime DayUtc, int Accounts, int Skipped, int Failed, int Listed, int NewDifferences)
{
    public bool IsIdle => Accounts == 0;

    public string ToSummary() =>
        $"Settlement of {DayUtc:yyyy-MM-dd}: {Accounts} accounts checked ({Skipped} cannot list, {Failed} failed), {Listed} gateway transactions, {NewDifferences} new differences";
}

public sealed record SettlementDifferenceRow(
    Guid Id, string GatewayName, string GatewayCode, SettlementDifferenceKind Kind, string TransactionId, Money Amount, Money? Recorded, DateTime DayUtc,
    DateTime OccurredAtUtc, Guid? PaymentId, string? AttemptReference, DateTime DetectedAtUtc);

/// <summary>
/// The daily settlement check (contract §1.5): for every enabled gateway account whose adapter can list its
/// transactions (<see cref="ISettlementListing"/>), the previous settled UTC day at the gateway is compared with our
/// payments both ways, and each new difference is stored once and e-mailed to administrators once. It never moves
/// money. The day checked ends at least <see cref="SettleDelay"/> before now, as PayPal's reporting lags up to ~3 hours.
/// </summary>
public sealed class SettlementCheck(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, PaymentAlerts alerts, TimeProvider time,
    ILogger<SettlementCheck> logger)
{
    public static readonly TimeSpan SettleDelay = TimeSpan.FromHours(6);

    /// <summary>Our payments near a day's edges may sit on the other side at the gateway: the listing is read this much wider.</summary>
    public static readonly TimeSpan EdgeMargin = TimeSpan.FromHours(1);

    /// <summary>The last fully settled UTC day at <paramref name="now"/>.</summary>
    public static DateTime DayToCheck(DateTime now) => (now - SettleDelay).Date.AddDays(-1);

    public Task<SettlementRun> RunAsync(CancellationToken cancellationToken) => RunAsync(DayToCheck(time.GetUtcNow().UtcDateTime), cancellationToken);

    public async Task<SettlementRun> RunAsync(DateTime dayUtc, CancellationToken cancellationToken)
    {
        var day = DateTime.SpecifyKind(dayUtc.Date, DateTimeKind.Utc);
        var end = day.AddDays(1);
        List<Guid> accountIds;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            accountIds = await db.GatewayAccounts().AsNoTracking().Where(a => a.Enabled).OrderBy(a => a.DisplayOrder).Select(a => a.Id).ToListAsync(cancellationToken);
        }

        int skipped = 0, failed = 0, listed = 0;
        var added = new List<SettlementDifference>();
        foreach (var accountId in accountIds)
        {
            if (await accounts.LoadAsync(accountId, cancellationToken) is not { } loaded || loaded.Gateway is not ISettlementListing listing)
            {
                skipped++;
                continue;
            }

            SettlementListing answer;
            try
            {
                answer = await listing.ListSettledAsync(loaded.Config, day - EdgeMargin, end + EdgeMargin, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                answer = SettlementListing.Failed(exception.Message);
            }

            if (!answer.Complete)
            {
                failed++;
                logger.LogWarning("Settlement check of {Account} for {Day:yyyy-MM-dd} could not read the gateway's listing: {Error}", loaded.Account.DisplayName, day, answer.Error);
                continue;
            }

            listed += answer.Transactions.Count(t => t.AtUtc >= day && t.AtUtc < end);
            added.AddRange(await CompareAsync(loaded.Account, answer.Transactions, day, end, cancellationToken));
        }

        if (added.Count > 0)
        {
            await alerts.SettlementDifferencesAsync(added, cancellationToken);
        }

        return new SettlementRun(day, accountIds.Count - skipped, skipped, failed, listed, added.Count);
    }

    /// <returns>The differences stored by this run (none already known).</returns>
    private async Task<IReadOnlyList<SettlementDifference>> CompareAsync(
        GatewayAccount account, IReadOnlyList<SettledTransaction> listed, DateTime day, DateTime end, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var ours = listed.Select(t => t.TransactionId).Distinct(StringComparer.Ordinal).ToList();
        var recorded = await db.Payments().AsNoTracking()
            .Where(p => p.Gateway == account.GatewayCode && (ours.Contains(p.GatewayTransactionId) || (p.GatewayAccountId == account.Id && p.ReceivedAtUtc >= day && p.ReceivedAtUtc < end)))
            .ToListAsync(cancellationToken);
        var byId = recorded.ToDictionary(p => p.GatewayTransactionId, StringComparer.Ordinal);
        var atGateway = listed.GroupBy(t => t.TransactionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var found = new List<SettlementDifference>();

        SettlementDifference New(SettlementDifferenceKind kind, string transactionId, Money amount, DateTime at, Payment? payment, string? attempt) => new()
        {
            Id = Guid.NewGuid(), GatewayAccountId = account.Id, GatewayCode = account.GatewayCode, Kind = kind, TransactionId = transactionId, Amount = amount,
            DayUtc = day, OccurredAtUtc = at, PaymentId = payment?.Id, AttemptReference = attempt, DetectedAtUtc = now,
            RecordedAmountMinor = kind == SettlementDifferenceKind.AmountDiffers ? payment!.Amount.Minor : null,
            RecordedCurrency = kind == SettlementDifferenceKind.AmountDiffers ? payment!.Amount.Currency.Code : null,
        };

        foreach (var transaction in atGateway.Values.Where(t => t.AtUtc >= day && t.AtUtc < end))
        {
            if (!byId.TryGetValue(transaction.TransactionId, out var payment))
            {
                found.Add(New(SettlementDifferenceKind.MissingHere, transaction.TransactionId, transaction.Amount, transaction.AtUtc, null, transaction.AttemptReference));
            }
            else if (payment.Amount != transaction.Amount)
            {
                found.Add(New(SettlementDifferenceKind.AmountDiffers, transaction.TransactionId, transaction.Amount, transaction.AtUtc, payment, transaction.AttemptReference));
            }
        }

        foreach (var payment in recorded.Where(p => p.GatewayAccountId == account.Id && p.ReceivedAtUtc >= day && p.ReceivedAtUtc < end))
        {
            if (!atGateway.ContainsKey(payment.GatewayTransactionId))
            {
                found.Add(New(SettlementDifferenceKind.MissingAtGateway, payment.GatewayTransactionId, payment.Amount, payment.ReceivedAtUtc, payment, null));
            }
        }

        if (found.Count == 0)
        {
            return [];
        }

        var ids = found.Select(f => f.TransactionId).ToList();
        var known = (await db.SettlementDifferences().AsNoTracking()
                .Where(d => d.GatewayAccountId == account.Id && ids.Contains(d.TransactionId))
                .Select(d => new { d.Kind, d.TransactionId }).ToListAsync(cancellationToken))
            .Select(d => (d.Kind, d.TransactionId)).ToHashSet();
        var fresh = found.Where(f => !known.Contains((f.Kind, f.TransactionId))).ToList();
        if (fresh.Count == 0)
        {
            return [];
        }

        db.SettlementDifferences().AddRange(fresh);
        if (!await RecordPayment.SaveAsync(db, cancellationToken))
        {
            return []; // A concurrent run stored them first and reports them.
        }

        logger.LogWarning("Settlement check of {Account} for {Day:yyyy-MM-dd} found {Count} new differences", account.DisplayName, day, fresh.Count);
        return fresh;
    }

    /// <summary>The differences for the staff list, newest day first.</summary>
    public async Task<IReadOnlyList<SettlementDifferenceRow>> ListAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from d in db.SettlementDifferences().AsNoTracking()
                          join a in db.GatewayAccounts() on d.GatewayAccountId equals a.Id
                          orderby d.DayUtc descending, d.DetectedAtUtc descending
                          select new { d, a.DisplayName }).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(r => new SettlementDifferenceRow(r.d.Id, r.DisplayName, r.d.GatewayCode, r.d.Kind, r.d.TransactionId, r.d.Amount,
            r.d.RecordedAmountMinor is { } minor && Currency.TryFromCode(r.d.RecordedCurrency ?? "", out var currency) ? new Money(minor, currency) : null,
            r.d.DayUtc, r.d.OccurredAtUtc, r.d.PaymentId, r.d.AttemptReference, r.d.DetectedAtUtc)).ToList();
    }
}
