using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GameHost.Domain.Payments.Gateways;

/// <param name="RequestId">Generated when the pay form opened: a double click or a second tab gets the same attempt.</param>
/// <param name="TopUpAmount">For <see cref="PaymentPurpose.TopUp"/>: how much to add to the balance.</param>
public sealed record StartPaymentCommand(
    Guid CustomerId, Guid GatewayAccountId, PaymentPurpose Purpose, Guid? InvoiceId, Money? TopUpAmount, string RequestId, bool SaveMethod = false);

/// <summary>Where the customer goes next.</summary>
public sealed record StartedPayment(
    Guid AttemptId, AttemptStatus Status, string? RedirectUrl, IReadOnlyDictionary<string, string>? RedirectForm, string? ErrorCode, string? ErrorMessage, bool Replayed);

/// <summary>
/// Starts a hosted checkout: the attempt row is saved BEFORE the gateway is called (money captured can always be
/// matched), and the gateway is called with our attempt id as its idempotency key. While another attempt for the
/// invoice may still move money (Approved, Capturing, Pending, Unknown), no new one starts: "payment being confirmed".
/// </summary>
public sealed class StartPayment(
    IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, AttemptOutcomes outcomes, TimeProvider time, IOptions<ProvisioningSiteOptions> site)
{
    /// <summary>The smallest top-up through a gateway, in major units of the account's currency (below it the gateway's fee eats it).</summary>
    public const long MinTopUpMajor = 5;

    /// <summary>The largest single top-up through a gateway, in major units; larger sums go by bank transfer.</summary>
    public const long MaxTopUpMajor = 10_000;

    public static Money MinTopUp(Currency currency) => new(MinTopUpMajor * currency.MinorPerMajor, currency);

    public static Money MaxTopUp(Currency currency) => new(MaxTopUpMajor * currency.MinorPerMajor, currency);

    public async Task<Result<StartedPayment>> ExecuteAsync(StartPaymentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId?.Trim() ?? "";
        if (requestId.Length is 0 or > PaymentAttempt.MaxRequestIdLength)
        {
            return GatewayErrors.RequestIdInvalid;
        }

        if (await accounts.LoadAsync(command.GatewayAccountId, cancellationToken) is not { } loaded || !loaded.Account.Enabled)
        {
            return GatewayErrors.GatewayUnavailable;
        }

        var created = await CreateAttemptAsync(command, requestId, loaded.Account, cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Error;
        }

        var (attempt, replayed) = created.Value;
        if (replayed && attempt.Status != AttemptStatus.NotAttempted)
        {
            // The same form again: answer with where the first click got to, call nothing.
            return Answer(attempt, null, replayed: true);
        }

        var request = await RequestAsync(attempt, command.SaveMethod, cancellationToken);
        GatewayResult result;
        try
        {
            result = await loaded.Gateway.StartCheckoutAsync(loaded.Config, request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // We cannot tell whether the gateway acted: never call it failed; the janitor asks it later.
            result = GatewayResult.Unknown(exception.Message);
        }

        var applied = await outcomes.ApplyAsync(attempt.Id, result, OutcomeSource.Start, cancellationToken);
        return Answer(applied.Attempt, result.RedirectForm, replayed);
    }

    private static StartedPayment Answer(PaymentAttempt attempt, IReadOnlyDictionary<string, string>? form, bool replayed) =>
        new(attempt.Id, attempt.Status, attempt.Status is AttemptStatus.RedirectIssued or AttemptStatus.RequiresCustomerAction ? attempt.RedirectUrl : null,
            form, attempt.LastErrorCode, attempt.LastErrorMessage, replayed);

    private async Task<Result<(PaymentAttempt Attempt, bool Replayed)>> CreateAttemptAsync(
        StartPaymentCommand command, string requestId, GatewayAccount account, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 5; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // One writer at a time (SQLite BEGIN IMMEDIATE): the in-flight check and the insert cannot interleave.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.PaymentAttempts().AsNoTracking()
                .FirstOrDefaultAsync(a => a.CustomerId == command.CustomerId && a.RequestId == requestId, cancellationToken);
            if (existing is not null)
            {
                return (existing, true);
            }

            var profile = await db.CustomerProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == command.CustomerId, cancellationToken);
            if (profile is null || !Currency.TryFromCode(profile.BillingCurrency, out var accountCurrency))
            {
                return PaymentErrors.CustomerNotFound;
            }

            Money amount;
            if (command.Purpose == PaymentPurpose.Invoice)
            {
                var invoice = await db.Invoices().AsNoTracking()
                    .FirstOrDefaultAsync(i => i.Id == command.InvoiceId && i.CustomerId == command.CustomerId, cancellationToken);
                if (invoice is null || invoice.Status != InvoiceStatus.Open || invoice.GrossTotal.Minor <= 0)
                {
                    return GatewayErrors.InvoiceNotPayable;
                }

                var inFlight = PaymentAttempt.InFlight;
                if (await db.PaymentAttempts().AnyAsync(a => a.InvoiceId == invoice.Id && inFlight.Contains(a.Status), cancellationToken))
                {
                    return GatewayErrors.PaymentBeingConfirmed;
                }

                amount = invoice.GrossTotal;
            }
            else
            {
                if (command.TopUpAmount is not { Minor: > 0 } topUp || topUp.Currency != accountCurrency)
                {
                    return GatewayErrors.TopUpInvalid;
                }

                if (topUp < MinTopUp(accountCurrency) || topUp > MaxTopUp(accountCurrency))
                {
                    return GatewayErrors.TopUpOutOfRange with { Details = [MinTopUp(accountCurrency).ToString(), MaxTopUp(accountCurrency).ToString()] };
                }

                amount = topUp;
            }

            if (!account.Offers(amount.Currency) || accounts.Registry.Find(account.GatewayCode) is not { } gateway
                || !gateway.SupportedCurrencies.Contains(amount.Currency.Code))
            {
                return GatewayErrors.GatewayUnavailable;
            }

            var now = time.GetUtcNow().UtcDateTime;
            var attempt = new PaymentAttempt
            {
                Id = Guid.NewGuid(),
                CustomerId = command.CustomerId,
                Purpose = command.Purpose,
                InvoiceId = command.Purpose == PaymentPurpose.Invoice ? command.InvoiceId : null,
                GatewayAccountId = account.Id,
                GatewayCode = account.GatewayCode,
                Amount = amount,
                RequestId = requestId,
                Status = AttemptStatus.Created,
                CreatedAtUtc = now,
                UpdatedAtUtc = now,
                // Even if we die before the gateway answers, the janitor will ask about it.
                NextCheckAtUtc = AttemptOutcomes.NextCheck(now, 0),
                ConcurrencyToken = Guid.NewGuid(),
            };
            db.PaymentAttempts().Add(attempt);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (attempt, false);
            }
            catch (DbUpdateException exception) when (exception.InnerException is SqliteException { SqliteErrorCode: 19 })
            {
                // The same request saved first: the next round answers with it.
            }
        }

        return PaymentErrors.Busy;
    }

    private async Task<CheckoutRequest> RequestAsync(PaymentAttempt attempt, bool saveMethod, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == attempt.CustomerId).Select(u => new { u.Email, u.FullName }).FirstAsync(cancellationToken);
        string reference;
        string back;
        if (attempt.InvoiceId is { } invoiceId)
        {
            var invoice = await db.Invoices().AsNoTracking().FirstAsync(i => i.Id == invoiceId, cancellationToken);
            reference = invoice.DisplayNumber ?? invoiceId.ToString("N")[..10];
            back = $"/cabinet/billing/invoices/{invoiceId:D}";
        }
        else
        {
            reference = "TOPUP-" + attempt.Id.ToString("N")[..10].ToUpperInvariant();
            back = "/cabinet/billing/balance";
        }

        var baseUrl = site.Value.PublicBaseUrl.TrimEnd('/');
        return new CheckoutRequest(attempt.Id, attempt.Purpose, attempt.InvoiceId, reference,
            attempt.Purpose == PaymentPurpose.Invoice ? $"Invoice {reference}" : "Balance top-up", attempt.Amount, attempt.CustomerId,
            user.Email ?? "", user.FullName, $"{baseUrl}/pay/return/{attempt.Id:D}", $"{baseUrl}{back}", $"{baseUrl}/webhooks/{attempt.GatewayCode}", saveMethod,
            attempt.CreatedAtUtc);
    }
}

/// <summary>
/// The buyer came back from the gateway (<c>/pay/return/{attemptId}</c>): ask the gateway what happened (it may finish
/// the payment, e.g. PayPal's capture) and apply the answer. Safe to repeat (a refresh, the back button).
/// </summary>
public sealed class ConfirmReturn(IDbContextFactory<GameHostDbContext> contexts, GatewayAccounts accounts, AttemptOutcomes outcomes)
{
    public async Task<Result<PaymentAttempt>> ExecuteAsync(Guid customerId, Guid attemptId, CancellationToken cancellationToken)
    {
        PaymentAttempt? attempt;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            attempt = await db.PaymentAttempts().AsNoTracking().FirstOrDefaultAsync(a => a.Id == attemptId && a.CustomerId == customerId, cancellationToken);
        }

        if (attempt is null)
        {
            return GatewayErrors.AttemptNotFound;
        }

        if (attempt.Status is AttemptStatus.Succeeded or AttemptStatus.Failed or AttemptStatus.Expired)
        {
            return attempt;
        }

        if (await accounts.LoadAsync(attempt.GatewayAccountId, cancellationToken) is not { } loaded)
        {
            return attempt; // The adapter went away; the attempt stays open for staff and the janitor.
        }

        GatewayResult result;
        try
        {
            result = await loaded.Gateway.ConfirmAsync(loaded.Config, attempt.Snapshot(), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = GatewayResult.Unknown(exception.Message);
        }

        return (await outcomes.ApplyAsync(attempt.Id, result, OutcomeSource.Return, cancellationToken)).Attempt;
    }
}
