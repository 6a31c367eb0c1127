using System.Text;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// Webhooks read the enabled accounts from a cache: staff's changes in this process apply to the very next webhook; a
/// change made elsewhere (another process on the same database) applies once the first webhook past the cache's
/// lifetime has had the accounts read again beside it (decision 0043).
/// </summary>
public sealed class EnabledAccountsCacheTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<WebhookReceipt> DeliverAsync(string eventId) =>
        _host.Get<ReceiveWebhook>().ExecuteAsync("scripted",
            new InboundWebhook(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("D")), new Dictionary<string, string> { ["x-signature"] = "good", ["X-Event-Id"] = eventId }, "127.0.0.1"),
            CancellationToken.None);

    [Fact]
    public async Task ReceiveWebhook_StaffDisableTheAccount_TheNextWebhookFindsNoGateway()
    {
        var id = await _host.AddAccountAsync();
        Assert.Equal(WebhookAnswer.Stored, (await DeliverAsync("WH-before")).Answer);

        var saved = await _host.Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(_host.AdminId, id, "scripted", "Scripted Pay", Enabled: false, Sandbox: true,
            ["ZAR"], 1, 0, 0, new Dictionary<string, string?>()), CancellationToken.None);

        Assert.True(saved.IsSuccess, saved.Error?.Code);
        Assert.Equal(WebhookAnswer.NoGateway, (await DeliverAsync("WH-after")).Answer);
    }

    [Fact]
    public async Task ReceiveWebhook_AccountDisabledByAnotherProcess_AppliesOnceTheRefreshAfterTheLifetimeIsIn()
    {
        var id = await _host.AddAccountAsync();
        Assert.Equal(WebhookAnswer.Stored, (await DeliverAsync("WH-1")).Answer);
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            await db.GatewayAccounts().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Enabled, false));
        }

        var withinLifetime = await DeliverAsync("WH-2");
        _host.Data.Time.Advance(EnabledAccountsCache.Lifetime);
        // The first webhook past the lifetime is checked against what the cache holds and starts the refresh beside it.
        var startsTheRefresh = await DeliverAsync("WH-3");
        var cache = _host.Get<EnabledAccountsCache>();
        await GatewayTestHost.UntilAsync(() => cache.Find("scripted") is { Count: 0 }, "the refresh read the disabled account");
        var afterTheRefresh = await DeliverAsync("WH-4");

        Assert.Equal((WebhookAnswer.Stored, WebhookAnswer.Stored, WebhookAnswer.NoGateway),
            (withinLifetime.Answer, startsTheRefresh.Answer, afterTheRefresh.Answer));
    }

    [Fact]
    public async Task GetOrLoadAsync_EntryPastItsLifetime_ServedAtOnceWhileOneRefreshRunsBeside()
    {
        var (cache, first) = await CacheHoldingAnEntryAgedAsync(EnabledAccountsCache.Lifetime);
        var refresh = new GatedRead();

        // A burst after a quiet spell: nobody waits for the read, and the read happens once.
        var served = new List<IReadOnlyList<(GatewayAccount, GatewayAccountConfig)>>();
        for (var i = 0; i < 20; i++)
        {
            var call = cache.GetOrLoadAsync("scripted", refresh.LoadAsync);
            Assert.True(call.IsCompletedSuccessfully, "a caller waited for the refresh");
            served.Add(await call);
        }

        await GatewayTestHost.UntilAsync(() => refresh.Calls > 0, "the refresh started");
        refresh.Open();
        await GatewayTestHost.UntilAsync(() => ReferenceEquals(cache.Find("scripted"), refresh.Result), "the refresh stored its read");

        Assert.All(served, s => Assert.Same(first, s));
        Assert.Equal(1, refresh.Calls);
        Assert.False(cache.Find("scripted", out var refreshDue) is null || refreshDue);
    }

    [Fact]
    public async Task GetOrLoadAsync_EntryUnusedPastTheStaleLimit_TheCallerWaitsForAFreshRead()
    {
        var (cache, _) = await CacheHoldingAnEntryAgedAsync(EnabledAccountsCache.StaleLimit);
        var read = new GatedRead();

        var call = cache.GetOrLoadAsync("scripted", read.LoadAsync);
        await Task.Delay(50);
        Assert.False(call.IsCompleted, "an entry past the stale limit was served");
        read.Open();

        Assert.Same(read.Result, await call);
    }

    [Fact]
    public async Task Refresh_RunsItsBeforeStepFirstAndStartsNothingMoreUntilItsReadIsIn()
    {
        var (cache, old) = await CacheHoldingAnEntryAgedAsync(EnabledAccountsCache.Lifetime);
        var fresh = DistinctList();

        var burstAnswered = new TaskCompletionSource();
        var loads = 0;
        Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> LoadAsync()
        {
            Interlocked.Increment(ref loads);
            return Task.FromResult(fresh);
        }

        // The webhook endpoint's refresh waits for the burst's acknowledgements before it reads.
        cache.Refresh("scripted", LoadAsync, () => burstAnswered.Task);
        cache.Refresh("scripted", LoadAsync, () => burstAnswered.Task);
        await Task.Delay(50);
        var dueWhileWaiting = cache.Find("scripted", out var refreshDue);
        Assert.Equal(0, Volatile.Read(ref loads));
        burstAnswered.SetResult();
        await GatewayTestHost.UntilAsync(() => ReferenceEquals(cache.Find("scripted"), fresh), "the refresh stored its read");

        Assert.Same(old, dueWhileWaiting);
        Assert.False(refreshDue, "a second refresh was asked for while one was waiting");
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task Refresh_TheReadFails_TheEntryStaysAndALaterCallerRefreshesAgain()
    {
        var (cache, old) = await CacheHoldingAnEntryAgedAsync(EnabledAccountsCache.Lifetime);
        var fresh = DistinctList();
        var failed = 0;

        cache.Refresh("scripted", () =>
        {
            Interlocked.Increment(ref failed);
            return Task.FromException<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>>(new InvalidOperationException("database is locked"));
        });
        await GatewayTestHost.UntilAsync(() => cache.Find("scripted", out var due) is not null && due && Volatile.Read(ref failed) == 1, "the failed refresh let go");

        Assert.Same(old, await cache.GetOrLoadAsync("scripted", () => Task.FromResult(fresh)));
        await GatewayTestHost.UntilAsync(() => ReferenceEquals(cache.Find("scripted"), fresh), "the second refresh stored its read");
    }

    [Fact]
    public async Task GetOrLoadAsync_ManyCallersWhileTheEntryIsMissing_OneLoadSharedByAll()
    {
        // A burst of webhooks after a few quiet seconds: every request finds the entry expired at the same moment.
        var cache = new EnabledAccountsCache(new FakeTimeProvider());
        var read = new GatedRead();

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetOrLoadAsync("scripted", read.LoadAsync))).ToList();
        await GatewayTestHost.UntilAsync(() => read.Calls > 0, "the first load started");
        await Task.Delay(50);
        read.Open();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, read.Calls);
        Assert.All(results, r => Assert.Same(read.Result, r));
        Assert.Same(read.Result, cache.Find("scripted"));
    }

    [Fact]
    public async Task GetOrLoadAsync_StaffSaveWhileLoading_WaitersGetTheReadButItIsNotKept()
    {
        var cache = new EnabledAccountsCache(new FakeTimeProvider());
        var beforeTheSave = new GatedRead();

        var reading = cache.GetOrLoadAsync("scripted", beforeTheSave.LoadAsync);
        cache.Clear();
        beforeTheSave.Open();

        Assert.Same(beforeTheSave.Result, await reading);
        Assert.Null(cache.Find("scripted"));
    }

    [Fact]
    public async Task GetOrLoadAsync_TheLoadFails_EveryWaiterSeesItAndTheNextCallLoadsAgain()
    {
        var cache = new EnabledAccountsCache(new FakeTimeProvider());
        var gate = new TaskCompletionSource();
        async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> FailingAsync()
        {
            await gate.Task;
            throw new InvalidOperationException("database is locked");
        }

        var first = cache.GetOrLoadAsync("scripted", FailingAsync);
        var second = cache.GetOrLoadAsync("scripted", FailingAsync);
        gate.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        var loaded = DistinctList();
        Assert.Same(loaded, await cache.GetOrLoadAsync("scripted", () => Task.FromResult(loaded)));
    }

    /// <summary>A cache whose entry for the scripted gateway was read <paramref name="age"/> ago.</summary>
    private static async Task<(EnabledAccountsCache Cache, IReadOnlyList<(GatewayAccount, GatewayAccountConfig)> Cached)> CacheHoldingAnEntryAgedAsync(TimeSpan age)
    {
        var time = new FakeTimeProvider();
        var cache = new EnabledAccountsCache(time);
        var cached = DistinctList();
        Assert.Same(cached, await cache.GetOrLoadAsync("scripted", () => Task.FromResult(cached)));
        time.Advance(age);
        return (cache, cached);
    }

    // Each read a list of its own: an empty collection expression is one shared instance, which would make every
    // "served the old entry / the new one" check pass whatever the cache did.
    private static IReadOnlyList<(GatewayAccount, GatewayAccountConfig)> DistinctList() => new List<(GatewayAccount, GatewayAccountConfig)>();

    /// <summary>A read of the accounts held until <see cref="Open"/>, then answering <see cref="Result"/>; counts its calls.</summary>
    private sealed class GatedRead
    {
        private readonly TaskCompletionSource _gate = new();
        private int _calls;

        public IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)> Result { get; } = DistinctList();

        public int Calls => Volatile.Read(ref _calls);

        public async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> LoadAsync()
        {
            Interlocked.Increment(ref _calls);
            await _gate.Task;
            return Result;
        }

        public void Open() => _gate.SetResult();
    }
}
