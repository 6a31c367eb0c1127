namespace GameHost.Domain.Billing.Renewals;

/// <summary>A renewal invoice the balance did not cover.</summary>
public sealed record UnpaidRenewal(Guid InvoiceId, Guid CustomerId, Guid SubscriptionId);

/// <summary>
/// The seam for paying renewals the balance did not cover with a payment method the customer saved (a card or a
/// billing agreement), through the payments port. The sweep calls it after its own save, outside any transaction,
/// with the invoices still open; money that arrives is recorded by the payments feature the usual way (it credits the
/// balance and settles the invoice). Until saved payment methods exist, <see cref="NoAutoPay"/> does nothing.
/// </summary>
public interface IAutoPay
{
    /// <returns>How many charges were started.</returns>
    Task<int> TryChargeAsync(IReadOnlyList<UnpaidRenewal> invoices, CancellationToken cancellationToken);
}

/// <summary>No saved payment methods yet: unpaid renewals wait for the customer (and dunning).</summary>
public sealed class NoAutoPay : IAutoPay
{
    public Task<int> TryChargeAsync(IReadOnlyList<UnpaidRenewal> invoices, CancellationToken cancellationToken) => Task.FromResult(0);
}
