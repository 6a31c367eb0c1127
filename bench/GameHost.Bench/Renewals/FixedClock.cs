namespace GameHost.Bench.Renewals;

/// <summary>A clock that always says the same instant, so a run against prepared data sees the data's "now".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
