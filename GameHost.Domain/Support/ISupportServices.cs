namespace GameHost.Domain.Support;

/// <summary>One of a customer's services as support names it.</summary>
public sealed record SupportServiceOption(Guid Id, string Label);

/// <summary>
/// Port: the customer's services as support sees them. The host answers it from the billing side, so Support never
/// depends on Billing's model.
/// </summary>
public interface ISupportServices
{
    /// <summary>The service's display name when it belongs to the customer; null otherwise.</summary>
    Task<string?> LabelIfOwnedAsync(Guid customerId, Guid serviceId, CancellationToken cancellationToken);

    /// <summary>The customer's services a ticket can be about (not removed or refunded ones), for staff to pick from.</summary>
    Task<IReadOnlyList<SupportServiceOption>> ListAsync(Guid customerId, CancellationToken cancellationToken);
}
