using System.Collections.Concurrent;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// The enabled accounts of each gateway with their decrypted settings, kept for a few seconds. A burst of webhooks
/// otherwise reads and decrypts the same rows once per event, which was a third of the time before the gateway got its
/// answer. A save in this process drops the cache at once; another process sharing the database (scale-out) sees a
/// change within <see cref="Lifetime"/>, and a webhook checked against a just-rotated secret is answered 400, which
/// the gateway retries.
/// </summary>
public sealed class EnabledAccountsCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>? Find(string gatewayCode)
    {
        return _entries.TryGetValue(gatewayCode, out var entry) && time.GetUtcNow() - entry.LoadedAt < Lifetime ? entry.Accounts : null;
    }

    public void Store(string gatewayCode, IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)> accounts) =>
        _entries[gatewayCode] = new Entry(time.GetUtcNow(), accounts);

    public void Clear() => _entries.Clear();

    private sealed record Entry(DateTimeOffset LoadedAt, IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)> Accounts);
}
