using System.Text;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// Webhooks read the enabled accounts from a short-lived cache: staff's changes in this process apply to the very next
/// webhook; a change made elsewhere (another process on the same database) applies once the cache's lifetime is over.
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
    public async Task ReceiveWebhook_AccountDisabledByAnotherProcess_AppliesOnceTheCacheLifetimeIsOver()
    {
        var id = await _host.AddAccountAsync();
        Assert.Equal(WebhookAnswer.Stored, (await DeliverAsync("WH-1")).Answer);
        await using (var db = _host.Data.Database.CreateDbContext())
        {
            await db.GatewayAccounts().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Enabled, false));
        }

        var withinLifetime = await DeliverAsync("WH-2");
        _host.Data.Time.Advance(EnabledAccountsCache.Lifetime);
        var afterLifetime = await DeliverAsync("WH-3");

        Assert.Equal((WebhookAnswer.Stored, WebhookAnswer.NoGateway), (withinLifetime.Answer, afterLifetime.Answer));
    }

    [Fact]
    public async Task GetOrLoadAsync_ManyCallersWhileTheEntryIsMissing_OneLoadSharedByAll()
    {
        // A burst of webhooks after a few quiet seconds: every request finds the entry expired at the same moment.
        var cache = new EnabledAccountsCache(new FakeTimeProvider());
        var gate = new TaskCompletionSource();
        var loads = 0;
        IReadOnlyList<(GatewayAccount, GatewayAccountConfig)> loaded = [];
        async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> LoadAsync()
        {
            Interlocked.Increment(ref loads);
            await gate.Task;
            return loaded;
        }

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(() => cache.GetOrLoadAsync("scripted", LoadAsync))).ToList();
        await GatewayTestHost.UntilAsync(() => Volatile.Read(ref loads) > 0, "the first load started");
        await Task.Delay(50);
        gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, loads);
        Assert.All(results, r => Assert.Same(loaded, r));
        Assert.Same(loaded, cache.Find("scripted"));
    }

    [Fact]
    public async Task GetOrLoadAsync_StaffSaveWhileLoading_WaitersGetTheReadButItIsNotKept()
    {
        var cache = new EnabledAccountsCache(new FakeTimeProvider());
        var gate = new TaskCompletionSource();
        IReadOnlyList<(GatewayAccount, GatewayAccountConfig)> beforeTheSave = [];
        async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> LoadAsync()
        {
            await gate.Task;
            return beforeTheSave;
        }

        var reading = cache.GetOrLoadAsync("scripted", LoadAsync);
        cache.Clear();
        gate.SetResult();

        Assert.Same(beforeTheSave, await reading);
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
        IReadOnlyList<(GatewayAccount, GatewayAccountConfig)> loaded = [];
        Assert.Same(loaded, await cache.GetOrLoadAsync("scripted", () => Task.FromResult(loaded)));
    }
}
