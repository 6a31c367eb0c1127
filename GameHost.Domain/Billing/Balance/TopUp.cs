using System.Globalization;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Balance;

/// <summary>How to send money for a top-up: the amount and the reference the transfer must carry.</summary>
public sealed record TopUpInstructions(Money Amount, string Reference);

/// <summary>
/// Checks a top-up amount (positive, within the limit, no more decimals than the currency has, in the customer's
/// currency) and answers with the bank-transfer reference to pay by. No money moves here: it moves when the transfer
/// is recorded (RecordPayment), which also pays open invoices first.
/// </summary>
public sealed class TopUp(IDbContextFactory<GameHostDbContext> contexts)
{
    /// <summary>The largest single top-up, in major units.</summary>
    public const long MaxMajor = 1_000_000;

    /// <summary>What a transfer quotes so it is booked to this customer: stable, short and unambiguous.</summary>
    public static string TransferReference(Guid customerId) =>
        "GH-" + customerId.ToString("N", CultureInfo.InvariantCulture)[..10].ToUpperInvariant();

    public async Task<Result<TopUpInstructions>> ExecuteAsync(Guid customerId, decimal amount, string currencyCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var buyer = await OrderBuyer.LoadAsync(db, customerId, cancellationToken);
        if (buyer is null)
        {
            return BalanceErrors.CustomerNotFound;
        }

        var money = Parse(amount, currencyCode, buyer.Currency);
        return money.IsSuccess ? new TopUpInstructions(money.Value, TransferReference(customerId)) : money.Error;
    }

    /// <summary>An amount typed in major units, checked against the account's currency.</summary>
    public static Result<Money> Parse(decimal amount, string? currencyCode, Currency accountCurrency)
    {
        if (!string.Equals(currencyCode?.Trim(), accountCurrency.Code, StringComparison.OrdinalIgnoreCase))
        {
            return BalanceErrors.CurrencyMismatch;
        }

        if (amount <= 0)
        {
            return BalanceErrors.AmountRequired;
        }

        if (amount > MaxMajor)
        {
            return BalanceErrors.AmountTooLarge;
        }

        var minor = amount * accountCurrency.MinorPerMajor;
        if (minor != decimal.Truncate(minor))
        {
            return BalanceErrors.AmountPrecision;
        }

        return new Money((long)minor, accountCurrency);
    }
}
