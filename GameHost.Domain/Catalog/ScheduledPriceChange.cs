namespace GameHost.Domain.Catalog;

/// <summary>
/// Staff's decision to move services sold on one tariff version to a later version at a set time. The catalog only
/// records and validates it; billing finds the services affected, sends the notices and switches them when due.
/// </summary>
public sealed class ScheduledPriceChange
{
    public Guid Id { get; set; }

    public Guid TariffId { get; set; }

    public int FromVersionNumber { get; set; }

    public int ToVersionNumber { get; set; }

    public DateTime EffectiveAtUtc { get; set; }

    /// <summary>Set by billing once the customers affected have been told.</summary>
    public DateTime? NoticeSentAtUtc { get; set; }

    /// <summary>Set by billing when the services were moved to the later version.</summary>
    public DateTime? AppliedAtUtc { get; set; }

    /// <summary>How many services the preview listed when staff scheduled the change.</summary>
    public int AffectedAtScheduling { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public Guid? CreatedByUserId { get; set; }

    public string CreatedByName { get; set; } = "";
}
