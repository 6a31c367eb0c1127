namespace GameHost.Domain.Catalog;

/// <summary>
/// How many live services a tariff has, for its stock limit and per-customer limit. Services belong to billing,
/// which depends on the catalog, so the catalog asks through this interface and billing answers it.
/// </summary>
public interface ITariffUsage
{
    Task<int> CountActiveAsync(Guid tariffId, CancellationToken cancellationToken);

    Task<int> CountActiveForCustomerAsync(Guid tariffId, Guid customerId, CancellationToken cancellationToken);
}

/// <summary>Until billing sells services there are none, so no limit is reached; billing replaces this registration.</summary>
public sealed class NoTariffUsageYet : ITariffUsage
{
    public Task<int> CountActiveAsync(Guid tariffId, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> CountActiveForCustomerAsync(Guid tariffId, Guid customerId, CancellationToken cancellationToken) => Task.FromResult(0);
}
