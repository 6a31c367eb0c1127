using GameHost.App.Features.Provisioning.DemoPanel;
using GameHost.App.Features.Provisioning.Pterodactyl;
using GameHost.Domain.Provisioning.Panel;
using GameHost.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GameHost.Tests.App.Features.Provisioning.Pterodactyl;

/// <summary>Staying under the panel's limit and waiting out its 429s, on a fake clock.</summary>
public sealed class PanelRateLimitTests
{
    [Fact]
    public void TryAcquire_ThreeHundredCalls_NeverMoreThanRatePlusBurstInAnyMinute()
    {
        var time = new FakeTimeProvider(FakePanel.Start);
        var limiter = new PanelRateLimiter(requestsPerMinute: 200, burst: 20, time);
        var granted = new List<DateTimeOffset>();

        while (granted.Count < 300)
        {
            if (limiter.TryAcquire(out var wait))
            {
                granted.Add(time.GetUtcNow());
            }
            else
            {
                Assert.True(wait > TimeSpan.Zero);
                time.Advance(wait);
            }
        }

        var busiestMinute = granted.Max(start => granted.Count(t => t >= start && t < start + TimeSpan.FromMinutes(1)));
        Assert.InRange(busiestMinute, 200, 220);
        Assert.True(busiestMinute < 240, "The panel's own limit must never be reached.");
        // 20 at once, then one every 0.3 s.
        Assert.Equal(TimeSpan.FromSeconds(0.3 * 280), granted[^1] - granted[0]);
    }

    [Fact]
    public void PauseFor_AfterA429_NobodyGoesUntilRetryAfterHasPassed()
    {
        var time = new FakeTimeProvider(FakePanel.Start);
        var limiter = new PanelRateLimiter(200, 20, time);

        limiter.PauseFor(TimeSpan.FromSeconds(7));

        Assert.False(limiter.TryAcquire(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.True(limiter.TryAcquire(out _));
    }

    [Fact]
    public async Task Client_ThreeHundredCalls_StaysUnderThePanelsLimitWithoutA429()
    {
        await using var panel = await FakePanel.StartAsync(
            client: o => o.ReadTimeoutSeconds = 3600);

        var calls = Task.Run(async () =>
        {
            var failures = 0;
            for (var i = 0; i < 300; i++)
            {
                failures += (await panel.Api.GetServerAsync(57, default)).IsSuccess ? 0 : 1;
            }

            return failures;
        });
        var failed = await panel.DriveAsync(calls, TimeSpan.FromMilliseconds(250));

        Assert.Equal(0, failed);
        var requests = panel.Panel.Requests.All;
        Assert.Equal(300, requests.Count);
        Assert.DoesNotContain(requests, r => r.Status == 429);
        var busiestMinute = requests.Max(r => requests.Count(o => o.At >= r.At && o.At < r.At + TimeSpan.FromMinutes(1)));
        Assert.True(busiestMinute <= 220, $"{busiestMinute} requests in one minute");
    }

    [Fact]
    public async Task Call_429WithRetryAfter_WaitsThatLongAndRetriesTheSameRequest()
    {
        await using var panel = await FakePanel.StartAsync(client: o => o.ReadTimeoutSeconds = 3600);
        panel.Panel.Faults.Inject("GET", "/servers/57", DemoPanelFault.RateLimited(retryAfterSeconds: 5), times: 2);

        var result = await panel.DriveAsync(panel.Api.GetServerAsync(57, default), TimeSpan.FromMilliseconds(500));

        Assert.True(result.IsSuccess, result.Failure?.ToString());
        var requests = panel.Panel.Requests.All;
        Assert.Equal([429, 429, 200], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.Equal("/servers/57", r.Path));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(5));
        Assert.True(requests[2].At - requests[1].At >= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Call_429StormLongerThanTheRetries_GivesBackRateLimitedWithRetryAfter()
    {
        await using var panel = await FakePanel.StartAsync(client: o =>
        {
            o.ReadTimeoutSeconds = 3600;
            o.RateLimitRetries = 3;
        });
        panel.Panel.Faults.Inject("GET", "/servers/57", DemoPanelFault.RateLimited(retryAfterSeconds: 10), times: 50);

        var result = await panel.DriveAsync(panel.Api.GetServerAsync(57, default), TimeSpan.FromSeconds(1));

        Assert.Equal(PanelFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Failure!.RetryAfter);
        Assert.True(result.Failure.IsTransient);
        Assert.Equal(4, panel.Panel.Requests.All.Count);
    }

    [Fact]
    public async Task Call_RetryAfterLongerThanTheCap_IsNotWaitedOutInsideTheCall()
    {
        await using var panel = await FakePanel.StartAsync(client: o => o.MaxRetryAfterSeconds = 30);
        panel.Panel.Faults.Inject("POST", "/servers/57/suspend", DemoPanelFault.RateLimited(retryAfterSeconds: 600));

        var result = await panel.Api.SuspendServerAsync(57, default);

        Assert.Equal((PanelFailureKind.RateLimited, TimeSpan.FromSeconds(600)), (result.Failure?.Kind, result.Failure?.RetryAfter));
        Assert.Single(panel.Panel.Requests.All);
    }

    [Fact]
    public async Task Panel_OverItsOwnLimit_Answers429WithRetryAfterAndRateLimitHeaders()
    {
        await using var panel = await FakePanel.StartAsync(panel: o => o.RequestsPerMinute = 3);
        using var client = new HttpClient();

        var statuses = new List<int>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(HttpMethod.Get, panel.Host.ApiBaseUrl + "/locations");
            request.Headers.Add("Accept", "application/json");
            request.Headers.Add("Authorization", "Bearer " + panel.Panel.ApiKey);
            last = await client.SendAsync(request);
            statuses.Add((int)last.StatusCode);
        }

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal("3", last!.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", last.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(TimeSpan.FromSeconds(60), last.Headers.RetryAfter?.Delta);
        last.Dispose();
    }
}
