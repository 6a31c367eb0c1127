using System.Net;
using System.Net.Http.Json;
using GameHost.App.Features.Testing;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Tests.App.Features.Testing;

/// <summary>The clock control end-to-end tests use: only in the Testing environment when asked for, never elsewhere.</summary>
public sealed class TestingControlsTests
{
    [Theory]
    [InlineData("Testing", "true", true)]
    [InlineData("Testing", null, false)]
    [InlineData("Testing", "false", false)]
    [InlineData("Development", "true", false)]
    [InlineData("Production", "true", false)]
    public void IsEnabled_OnlyTestingWithTheSetting(string environment, string? setting, bool expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TestingControls.SettingKey] = setting })
            .Build();
        var host = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = environment };

        Assert.Equal(expected, TestingControls.IsEnabled(host, configuration));
    }

    [Fact]
    public async Task Start_InProductionWithTheSetting_HasNoClockControlAndKeepsTheSystemClock()
    {
        using var factory = new GameHostAppFactory { Environment = "Production" }.WithSetting(TestingControls.SettingKey, "true");
        using var client = factory.CreateClient();

        using var advance = await client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = 48 });
        using var run = await client.PostAsync(new Uri("/testing/jobs/dunning/run", UriKind.Relative), null);

        Assert.NotEqual(HttpStatusCode.OK, advance.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, run.StatusCode);
        Assert.Same(TimeProvider.System, factory.Services.GetRequiredService<TimeProvider>());
        Assert.Null(factory.Services.GetService<ShiftedTimeProvider>());
    }

    [Fact]
    public async Task Start_InTestingWithoutTheSetting_HasNoClockControl()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();

        using var advance = await client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = 48 });

        Assert.NotEqual(HttpStatusCode.OK, advance.StatusCode);
        Assert.Same(TimeProvider.System, factory.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Advance_InTestingWithTheSetting_MovesTheAppsClockForwardOnly()
    {
        using var factory = new GameHostAppFactory().WithSetting(TestingControls.SettingKey, "true");
        using var client = factory.CreateClient();
        var clock = factory.Services.GetRequiredService<TimeProvider>();
        var before = clock.GetUtcNow();

        using var advanced = await client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = 48 });
        using var backwards = await client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = -5 });
        using var tooFar = await client.PostAsJsonAsync(new Uri("/testing/clock/advance", UriKind.Relative), new { hours = TestingControls.MaxAdvanceHours + 1 });

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (backwards.StatusCode, tooFar.StatusCode));
        var state = await advanced.Content.ReadFromJsonAsync<ClockState>();
        Assert.Equal(48, state!.OffsetHours);
        var moved = clock.GetUtcNow() - before;
        Assert.InRange(moved, TimeSpan.FromHours(48), TimeSpan.FromHours(49));
    }

    [Fact]
    public async Task RunJob_InTestingWithTheSetting_RunsItOnceAndRecordsTheRun()
    {
        using var factory = new GameHostAppFactory().WithSetting(TestingControls.SettingKey, "true");
        using var client = factory.CreateClient();

        using var run = await client.PostAsync(new Uri("/testing/jobs/dunning/run", UriKind.Relative), null);
        using var unknown = await client.PostAsync(new Uri("/testing/jobs/no-such-job/run", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<GameHostDbContext>>().CreateDbContextAsync();
        Assert.True(await db.JobRuns.AnyAsync(r => r.JobName == "dunning" && r.FinishedAtUtc != null));
    }
}
