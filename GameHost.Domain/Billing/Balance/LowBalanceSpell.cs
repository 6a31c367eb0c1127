namespace GameHost.Domain.Billing.Balance;

/// <summary>
/// Which low-balance warnings a customer got in the current "low spell" (from the first time the forecast fell
/// under the first threshold until it is comfortable again). Each warning goes once per spell; a top-up that ends the
/// spell starts a new one, so the next shortfall warns again.
/// </summary>
public sealed class LowBalanceSpell
{
    public Guid CustomerId { get; set; }

    /// <summary>1, 2, 3…: part of the e-mails' idempotency keys.</summary>
    public int Spell { get; set; } = 1;

    public DateTime? FirstWarningSentAtUtc { get; set; }

    public DateTime? FinalWarningSentAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public bool IsOpen => FirstWarningSentAtUtc is not null || FinalWarningSentAtUtc is not null;
}
