namespace GameHost.Domain.Accounts;

/// <summary>
/// What billing needs to know about a customer, created together with the user at registration.
/// The name and preferred language live on <see cref="ApplicationUser"/> because staff have them too.
/// </summary>
public sealed class CustomerProfile
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public string? Company { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper case (e.g. <c>ZA</c>).</summary>
    public string CountryCode { get; set; } = "";

    /// <summary>ISO 4217; every invoice and balance of this customer is in this currency.</summary>
    public string BillingCurrency { get; set; } = "";

    public string? VatNumber { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
