using System.Collections.Concurrent;
using GameHost.Domain.Provisioning.Panel;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Provisioning.Pterodactyl;

/// <summary>
/// Client-side pacing for one panel, as a token bucket in its exact integer form (GCRA): one request every
/// <c>60 s / rate</c>, with up to <c>burst</c> at once after a quiet spell, so any minute carries at most
/// <c>rate + burst</c> requests. A 429 from the panel pauses every caller until its <c>Retry-After</c> has passed.
/// Time comes from <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed class PanelRateLimiter
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _tolerance;
    private readonly Lock _gate = new();
    private DateTimeOffset _theoreticalArrival;

    public PanelRateLimiter(int requestsPerMinute, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _interval = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / requestsPerMinute);
        _tolerance = _interval * (Math.Max(1, burst) - 1);
        _theoreticalArrival = time.GetUtcNow();
    }

    /// <summary>Takes a slot now if one is free; otherwise says how long until one is.</summary>
    public bool TryAcquire(out TimeSpan wait)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var arrival = _theoreticalArrival > now ? _theoreticalArrival : now;
            var ahead = arrival - now;
            if (ahead > _tolerance)
            {
                wait = ahead - _tolerance;
                return false;
            }

            _theoreticalArrival = arrival + _interval;
            wait = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>Waits (on the provider's clock) for a slot.</summary>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        while (!TryAcquire(out var wait))
        {
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>The panel said 429: nobody sends again until <paramref name="retryAfter"/> has passed.</summary>
    public void PauseFor(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var resume = _time.GetUtcNow() + retryAfter + _tolerance;
            if (resume > _theoreticalArrival)
            {
                _theoreticalArrival = resume;
            }
        }
    }
}

/// <summary>One limiter per panel address: every call to the same panel shares its budget.</summary>
public sealed class PanelRateLimiters(IOptions<PterodactylClientOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PanelRateLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public PanelRateLimiter For(PanelConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _limiters.GetOrAdd(connection.ApplicationApiBaseUrl.GetLeftPart(UriPartial.Authority),
            _ => new PanelRateLimiter(options.Value.RequestsPerMinute, options.Value.Burst, time));
    }
}
