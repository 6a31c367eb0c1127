namespace GameHost.Domain.Notifications.Email;

/// <summary>How the outbox is carried out. Bound from the <c>Email:Outbox</c> settings.</summary>
public sealed class EmailDeliveryOptions
{
    public const string Section = "Email:Outbox";

    /// <summary>Attempts before a message is marked Failed and waits for staff.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Messages claimed per database round trip.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Upper bound of batches in one run, so one run never holds the job slot for ever.</summary>
    public int MaxBatchesPerRun { get; set; } = 10;

    /// <summary>
    /// How long a claimed message stays invisible to other runs. It must be longer than a send can take (the SMTP
    /// adapter times out well before it), or a slow send could be picked up again by an overlapping run.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
}
