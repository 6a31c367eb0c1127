namespace GameHost.Domain.Support;

/// <summary>
/// Port: the customer's services as support sees them. The host answers it from the billing side, so Support never
/// depends on Billing's model.
/// </summary>
public interface ISupportServices
{
    /// <summary>The service's display name when it belongs to the customer; null otherwise.</summary>
    Task<string?> LabelIfOwnedAsync(Guid customerId, Guid serviceId, CancellationToken cancellationToken);
}
