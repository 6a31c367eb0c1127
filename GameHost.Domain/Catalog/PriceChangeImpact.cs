using GameHost.Domain.Common;

namespace GameHost.Domain.Catalog;

/// <summary>
/// One service a scheduled price change would move: what its renewal costs now and would cost on the later version.
/// <see cref="NewRecurring"/> is null when the later version has no price for the service's period and currency
/// (nothing is converted or guessed: such a change cannot be scheduled).
/// </summary>
public sealed record AffectedService(
    Guid SubscriptionId,
    Guid CustomerId,
    string CustomerName,
    string CustomerEmail,
    string ServerName,
    BillingPeriod Period,
    Money CurrentRecurring,
    Money? NewRecurring)
{
    public Money? Difference => NewRecurring is { } next ? next - CurrentRecurring : null;
}

/// <summary>
/// Which live services sit on a tariff version and what a move to a later version does to their renewal price.
/// Services belong to billing, which depends on the catalog, so the catalog asks through this port and billing answers.
/// </summary>
public interface IPriceChangeImpact
{
    Task<IReadOnlyList<AffectedService>> ListAffectedAsync(Guid tariffId, int fromVersion, int toVersion, CancellationToken cancellationToken);
}

/// <summary>Until billing registers its answer there are no services to affect.</summary>
public sealed class NoServicesAffectedYet : IPriceChangeImpact
{
    public Task<IReadOnlyList<AffectedService>> ListAffectedAsync(Guid tariffId, int fromVersion, int toVersion, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AffectedService>>([]);
}
