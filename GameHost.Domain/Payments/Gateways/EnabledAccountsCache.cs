using System.Collections.Concurrent;
using EnabledAccounts = System.Collections.Generic.IReadOnlyList<(GameHost.Domain.Payments.Gateways.GatewayAccount Account, GameHost.Domain.Payments.Gateways.GatewayAccountConfig Config)>;

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
    private readonly ConcurrentDictionary<string, Task<EnabledAccounts>> _loading = new(StringComparer.Ordinal);

    private long _generation;

    public EnabledAccounts? Find(string gatewayCode)
    {
        return _entries.TryGetValue(gatewayCode, out var entry) && time.GetUtcNow() - entry.LoadedAt < Lifetime ? entry.Accounts : null;
    }

    /// <summary>
    /// The cached accounts, or loads them: one load per gateway at a time, shared by every caller that finds the entry
    /// missing or expired meanwhile. Without that, a burst of webhooks arriving after a few quiet seconds (the usual
    /// case) read and decrypted the accounts once per request until the first read finished. The load does not take a
    /// caller's cancellation, since other callers wait for it too; it is one short query.
    /// </summary>
    public async Task<EnabledAccounts> GetOrLoadAsync(string gatewayCode, Func<Task<EnabledAccounts>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (Find(gatewayCode) is { } cached)
        {
            return cached;
        }

        var mine = new TaskCompletionSource<EnabledAccounts>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _loading.GetOrAdd(gatewayCode, mine.Task);
        if (current != mine.Task)
        {
            // Someone else is reading them now.
            return await current;
        }

        try
        {
            var generation = Interlocked.Read(ref _generation);
            var accounts = await load();
            // A save that cleared the cache while this read ran may have changed what it read: hand the result to the
            // callers that were waiting, but do not keep it.
            if (Interlocked.Read(ref _generation) == generation)
            {
                Store(gatewayCode, accounts);
            }

            _loading.TryRemove(gatewayCode, out _);
            mine.SetResult(accounts);
        }
        catch (Exception exception)
        {
            _loading.TryRemove(gatewayCode, out _);
            mine.SetException(exception);
        }

        return await mine.Task;
    }

    private void Store(string gatewayCode, EnabledAccounts accounts) =>
        _entries[gatewayCode] = new Entry(time.GetUtcNow(), accounts);

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(DateTimeOffset LoadedAt, EnabledAccounts Accounts);
}
