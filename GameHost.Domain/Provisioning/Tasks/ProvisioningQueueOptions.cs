namespace GameHost.Domain.Provisioning.Tasks;

/// <summary>How the provisioning queue is carried out. Bound from the <c>Provisioning:Queue</c> settings.</summary>
public sealed class ProvisioningQueueOptions
{
    public const string Section = "Provisioning:Queue";

    /// <summary>How often the processing job runs.</summary>
    public int PollSeconds { get; set; } = 10;

    /// <summary>Tasks carried out in one run at most, so one run never holds the job slot for ever.</summary>
    public int MaxTasksPerRun { get; set; } = 25;

    /// <summary>
    /// How long a claimed task stays with its processor. Longer than the slowest panel call (a create may take over a
    /// minute), or an overlapping run could take over a task that is still being worked on.
    /// </summary>
    public int LeaseMinutes { get; set; } = 5;

    /// <summary>Failed attempts of a transient kind (panel unsure, node down, transfer) before the task goes to staff.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The waits used when <see cref="BackoffMinutes"/> is not set.</summary>
    public static readonly IReadOnlyList<int> DefaultBackoffMinutes = [1, 2, 5, 15, 30, 60];

    /// <summary>
    /// Waits after the 1st, 2nd… failed attempt; the last one repeats. Each is shortened by up to a fifth (jitter).
    /// Empty = <see cref="DefaultBackoffMinutes"/> (an initialized array would be appended to by the configuration binder).
    /// </summary>
    public int[] BackoffMinutes { get; set; } = [];

    /// <summary>Wait after a rate limit when the panel did not say how long.</summary>
    public int RateLimitSeconds { get; set; } = 30;

    /// <summary>First poll of an install; later polls wait twice as long each, up to <see cref="InstallPollMaxSeconds"/>.</summary>
    public int InstallPollSeconds { get; set; } = 15;

    public int InstallPollMaxSeconds { get; set; } = 120;

    /// <summary>An install still running after this long goes to staff (installs can hang on the panel).</summary>
    public int InstallTimeoutMinutes { get; set; } = 30;

    /// <summary>While the queue is paused by a credentials failure, how often the failing task is tried again.</summary>
    public int CredentialsProbeMinutes { get; set; } = 5;

    /// <summary>A paid server not active after this long: the customer is told we are on it, staff are alerted.</summary>
    public int DelayNoticeMinutes { get; set; } = 30;

    public TimeSpan Lease => TimeSpan.FromMinutes(Math.Max(1, LeaseMinutes));

    /// <summary>
    /// The wait after <paramref name="attempts"/> failed attempts: the schedule's entry, shortened by up to a fifth so
    /// tasks that failed together (a node outage) do not all return together. The jitter comes from the task id, so
    /// it is reproducible.
    /// </summary>
    public TimeSpan Backoff(long taskId, int attempts)
    {
        IReadOnlyList<int> schedule = BackoffMinutes is { Length: > 0 } ? BackoffMinutes : DefaultBackoffMinutes;
        var minutes = Math.Max(0, schedule[Math.Clamp(attempts - 1, 0, schedule.Count - 1)]);
        var spread = unchecked((ulong)((taskId * 2654435761L) + (attempts * 40503L))) % 1000 / 1000.0;
        return TimeSpan.FromMinutes(minutes * (1 - (0.2 * spread)));
    }
}
