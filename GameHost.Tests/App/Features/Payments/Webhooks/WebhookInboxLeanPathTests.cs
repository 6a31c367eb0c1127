using System.Text;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.AspNetCore.DataProtection;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Tests.Domain.Payments.Gateways;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Payments.Webhooks;

/// <summary>
/// The acknowledgement path without per-request set-up: the receiver is a singleton that needs no request scope, the
/// inbox writer keeps one connection and its prepared statements from group to group (and starts over after a failed
/// group), and a request waits for its group under a deadline shared per second instead of a timer of its own.
/// SQLite file with the real migrations, scripted gateway, fake clock.
/// </summary>
public sealed class WebhookInboxLeanPathTests : IDisposable
{
    private readonly GatewayTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static InboundWebhook Webhook(string eventId) =>
        new(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("D")), new Dictionary<string, string> { ["x-signature"] = "good", ["X-Event-Id"] = eventId }, "127.0.0.1");

    private async Task ExecuteAsync(string sql)
    {
        await using var db = _host.Data.Database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Fact]
    public async Task ReceiveWebhook_SameEventInTwoLaterGroups_StoredOnceAndBothAnsweredStoredWithTheOriginalId()
    {
        await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();

        // Three groups one after the other on the writer's kept connection: the copy comes in a later group.
        var first = await _host.DeliverAsync("WH-later");
        var other = await _host.DeliverAsync("WH-other");
        var again = await _host.DeliverAsync("WH-later");

        Assert.Equal((WebhookAnswer.Stored, false), (first.Answer, first.Duplicate));
        Assert.Equal((WebhookAnswer.Stored, false), (other.Answer, other.Duplicate));
        Assert.Equal((WebhookAnswer.Stored, true), (again.Answer, again.Duplicate));
        Assert.Equal(first.EventId, again.EventId);
        Assert.Equal(["WH-later", "WH-other"], (await _host.StoredEventsAsync()).Select(e => e.EventId));
        Assert.Equal((3L, 2L, 1L), writer.Totals);
    }

    [Fact]
    public async Task ReceiveWebhook_AGroupFailsAfterEarlierOnesCommitted_EveryRequestIn503NothingWrittenThenTheWriterRecovers()
    {
        await _host.AddAccountAsync();
        // A first group commits, so the writer holds an open connection and prepared statements when the next fails.
        Assert.Equal(WebhookAnswer.Stored, (await _host.DeliverAsync("WH-before")).Answer);
        await ExecuteAsync("CREATE TRIGGER inbox_refuses BEFORE INSERT ON GatewayEvents BEGIN SELECT RAISE(ABORT, 'disk refused the write'); END;");

        var failed = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => _host.DeliverAsync($"WH-down-{i}")));

        Assert.All(failed, a => Assert.Equal((WebhookAnswer.RetryLater, 5, (Guid?)null), (a.Answer, a.RetryAfterSeconds, a.EventId)));
        Assert.Equal(["WH-before"], (await _host.StoredEventsAsync()).Select(e => e.EventId));

        await ExecuteAsync("DROP TRIGGER inbox_refuses;");
        var retried = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => _host.DeliverAsync($"WH-down-{i}")));

        Assert.All(retried, a => Assert.Equal((WebhookAnswer.Stored, false), (a.Answer, a.Duplicate)));
        Assert.Equal(7, (await _host.StoredEventsAsync()).Count);
    }

    [Fact]
    public async Task ReceiveWebhook_TheGroupDoesNotCommitWithinTheDeadline_Answered503AndTheLaterCommitMakesTheRedeliveryADuplicate()
    {
        await _host.AddAccountAsync();
        var writer = _host.Get<GatewayInboxWriter>();
        Task<WebhookReceipt> waiting;
        WebhookReceipt answered;
        using (_host.HoldWriteLock())
        {
            waiting = _host.DeliverAsync("WH-slow");
            await GatewayTestHost.UntilAsync(() => writer.IsWriting, "the writer waits for the database");
            _host.Data.Time.Advance(ReceiveWebhook.AnswerWithin - TimeSpan.FromSeconds(1));
            await Task.Delay(100);
            Assert.False(waiting.IsCompleted, "answered before the deadline");

            _host.Data.Time.Advance(TimeSpan.FromSeconds(2.5));
            answered = await waiting.WaitAsync(GatewayTestHost.Patience);
        }

        Assert.Equal((WebhookAnswer.RetryLater, 5), (answered.Answer, answered.RetryAfterSeconds));
        // The lock is gone: the group that was waiting commits after all, and the gateway's retry is a duplicate.
        await GatewayTestHost.UntilAsync(() => writer.Totals.Stored == 1, "the late group committed");
        var retry = await _host.DeliverAsync("WH-slow");
        Assert.Equal((WebhookAnswer.Stored, true), (retry.Answer, retry.Duplicate));
        Assert.Equal("WH-slow", Assert.Single(await _host.StoredEventsAsync()).EventId);
    }

    [Fact]
    public async Task ReceiveWebhook_ResolvedFromTheRootOfAScopeValidatingContainer_LoadsTheAccountsOnAMissAndStores()
    {
        await _host.AddAccountAsync();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(_host.Data.Time);
        services.AddSingleton<IDbContextFactory<GameHostDbContext>>(_host.Data.Database);
        services.AddScoped(_ => _host.Data.Database.CreateDbContext());
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<global::GameHost.Domain.Provisioning.IServerCapacity>(_host.Data.Capacity);
        services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(_host.Data.Time));
        services.AddPayments();
        services.Configure<ProvisioningSiteOptions>(o => o.PublicBaseUrl = "https://hosting.test");
        services.AddSingleton<IPaymentGateway>(_host.Gateway);
        await using var root = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        // The webhook branch takes the receiver from the root container: no request scope, and a scoped service
        // captured by the singleton would throw here.
        var receipt = await root.GetRequiredService<ReceiveWebhook>().ExecuteAsync("scripted", Webhook("WH-root"), CancellationToken.None);

        Assert.Equal((WebhookAnswer.Stored, false), (receipt.Answer, receipt.Duplicate));
        Assert.Same(root.GetRequiredService<ReceiveWebhook>(), root.CreateScope().ServiceProvider.GetRequiredService<ReceiveWebhook>());
        Assert.Equal("WH-root", Assert.Single(await _host.StoredEventsAsync()).EventId);
    }

    [Fact]
    public void AnswerDeadlines_RequestsOfOneSecond_ShareOneTokenCancelledBetweenTheLimitAndOneSecondLater()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var deadlines = new AnswerDeadlines(time, TimeSpan.FromSeconds(30));

        var first = deadlines.Current();
        time.Advance(TimeSpan.FromMilliseconds(600));
        var sameSecond = deadlines.Current();
        time.Advance(TimeSpan.FromMilliseconds(500));
        var nextSecond = deadlines.Current();

        Assert.Equal(first, sameSecond);
        Assert.NotEqual(first, nextSecond);
        // The request that took the first token 600 ms after it was made still waits at least 30 s.
        time.Advance(TimeSpan.FromSeconds(29.5));
        Assert.False(sameSecond.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(first.IsCancellationRequested);
        Assert.False(nextSecond.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1.1));
        Assert.True(nextSecond.IsCancellationRequested);
    }
}
