namespace GameHost.Domain.Operations;

/// <summary>One run of a scheduled job, for the staff Jobs page: when, how long, what it did, what failed.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    public string JobName { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>Counts the job reported, e.g. <c>sent=3 failed=1</c>.</summary>
    public string? Summary { get; set; }

    public string? Error { get; set; }
}
