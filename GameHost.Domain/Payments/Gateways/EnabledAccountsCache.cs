using System.Collections.Concurrent;
using EnabledAccounts = System.Collections.Generic.IReadOnlyList<(GameHost.Domain.Payments.Gateways.GatewayAccount Account, GameHost.Domain.Payments.Gateways.GatewayAccountConfig Config)>;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>
/// The enabled accounts of each gateway with their decrypted settings. A burst of webhooks otherwise reads and
/// decrypts the same rows once per event, which was a third of the time before the gateway got its answer.
/// <para>
/// A save in this process drops the cache at once, and the next caller waits for a fresh read. An entry older than
/// <see cref="Lifetime"/> is refreshed for changes made by another process sharing the database (scale-out): the
/// first caller to find it that old starts one read in the background and, like every caller until that read is in,
/// is served the entry it has (decision 0043). A burst after a few quiet seconds (the usual shape of webhook traffic)
/// therefore never waits behind a database read and a decryption. An entry unused for longer than
/// <see cref="StaleLimit"/> is not trusted any more: its next caller waits for the read, as on a first use.
/// </para>
/// </summary>
public sealed class EnabledAccountsCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan StaleLimit = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<EnabledAccounts>> _loading = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _refreshing = new(StringComparer.Ordinal);

    private long _generation;

    /// <summary>The accounts to use now, or null when the caller must wait for a read (nothing cached, dropped by a
    /// save, or older than <see cref="StaleLimit"/>). <paramref name="refreshDue"/> says the entry is past
    /// <see cref="Lifetime"/>: the caller starts <see cref="Refresh"/> and goes on with what it got.</summary>
    public EnabledAccounts? Find(string gatewayCode, out bool refreshDue)
    {
        refreshDue = false;
        if (!_entries.TryGetValue(gatewayCode, out var entry))
        {
            return null;
        }

        var age = time.GetUtcNow() - entry.LoadedAt;
        if (age >= StaleLimit)
        {
            return null;
        }

        refreshDue = age >= Lifetime && !_loading.ContainsKey(gatewayCode) && !_refreshing.ContainsKey(gatewayCode);
        return entry.Accounts;
    }

    /// <summary>The accounts to use now without waiting, or null (see <see cref="Find(string, out bool)"/>); does not
    /// start a refresh.</summary>
    public EnabledAccounts? Find(string gatewayCode) => Find(gatewayCode, out _);

    /// <summary>
    /// The cached accounts (starting a background refresh when they are past <see cref="Lifetime"/>), or loads them:
    /// one load per gateway at a time, shared by every caller that finds the entry missing meanwhile. Without that, a
    /// burst of webhooks after a save read and decrypted the accounts once per request until the first read finished.
    /// The load does not take a caller's cancellation, since other callers wait for it too; it is one short query.
    /// </summary>
    public async Task<EnabledAccounts> GetOrLoadAsync(string gatewayCode, Func<Task<EnabledAccounts>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (Find(gatewayCode, out var refreshDue) is { } cached)
        {
            if (refreshDue)
            {
                Refresh(gatewayCode, load);
            }

            return cached;
        }

        return await LoadSharedAsync(gatewayCode, load);
    }

    /// <summary>Starts a read of the accounts on the thread pool and returns at once; the callers meanwhile keep the
    /// entry they have. <paramref name="before"/> runs first (the webhook endpoint lets a burst's acknowledgements go
    /// ahead of the read); until the read is in, further calls start nothing. A failed refresh leaves the entry as it
    /// was, and a later caller tries again.</summary>
    public void Refresh(string gatewayCode, Func<Task<EnabledAccounts>> load, Func<Task>? before = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_loading.ContainsKey(gatewayCode) || !_refreshing.TryAdd(gatewayCode, 0))
        {
            return;
        }

        // Not on the caller's thread: the caller is a webhook being answered, and the read is not its business.
        _ = Task.Run(async () =>
        {
            try
            {
                if (before is not null)
                {
                    await before();
                }

                await LoadSharedAsync(gatewayCode, load);
            }
            catch (Exception)
            {
                // The entry stays as it was; the next caller that finds it due starts another read, and one past
                // StaleLimit waits for a read of its own and sees its error.
            }
            finally
            {
                _refreshing.TryRemove(gatewayCode, out _);
            }
        });
    }

    private async Task<EnabledAccounts> LoadSharedAsync(string gatewayCode, Func<Task<EnabledAccounts>> load)
    {
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
