using System.Net;
using Microsoft.Extensions.Options;

namespace GameHost.App.Features.Payments.Gateways.PayFast;

/// <summary>Check 2 of an ITN (contract §4.3): did it come from PayFast? Injectable so tests can allow loopback.</summary>
public interface IPayFastSourceCheck
{
    /// <returns>True when <paramref name="address"/> is PayFast's; false when it is not.</returns>
    /// <exception cref="System.Net.Sockets.SocketException">PayFast's hosts could not be resolved (verification could not run).</exception>
    Task<bool> IsPayFastAsync(IPAddress address, CancellationToken cancellationToken);
}

/// <summary>
/// The production check: the caller's address must be one of the resolved addresses of PayFast's ITN hosts, or inside
/// a configured range. Resolutions are cached for <see cref="PayFastGatewayOptions.DnsCacheLifetime"/>; an address
/// outside the cached set triggers one fresh resolution (PayFast may have moved) before it is refused.
/// </summary>
public sealed class DnsPayFastSourceCheck : IPayFastSourceCheck, IDisposable
{
    private readonly PayFastGatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly IReadOnlyList<IPNetwork> _ranges;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    public DnsPayFastSourceCheck(IOptions<PayFastGatewayOptions> options, TimeProvider time)
        : this(options, time, (host, ct) => Dns.GetHostAddressesAsync(host, ct))
    {
    }

    public DnsPayFastSourceCheck(IOptions<PayFastGatewayOptions> options, TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _resolve = resolve;
        _ranges = _options.AllowedRanges.Select(r => IPNetwork.Parse(r.Trim())).ToList();
    }

    public async Task<bool> IsPayFastAsync(IPAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (_ranges.Any(r => r.Contains(address)))
        {
            return true;
        }

        var snapshot = _snapshot;
        var now = _time.GetUtcNow();
        if (snapshot is not null && now < snapshot.ExpiresAt && snapshot.Addresses.Contains(address))
        {
            return true;
        }

        snapshot = await RefreshAsync(now, cancellationToken);
        return snapshot.Addresses.Contains(address);
    }

    private async Task<Snapshot> RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var addresses = new HashSet<IPAddress>();
            foreach (var host in _options.ItnHosts)
            {
                foreach (var resolved in await _resolve(host, cancellationToken))
                {
                    addresses.Add(resolved.IsIPv4MappedToIPv6 ? resolved.MapToIPv4() : resolved);
                }
            }

            var snapshot = new Snapshot(addresses, now.Add(_options.DnsCacheLifetime));
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record Snapshot(HashSet<IPAddress> Addresses, DateTimeOffset ExpiresAt);
}
