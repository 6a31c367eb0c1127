using GameHost.App.Features.Operations.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GameHost.App.Features.Testing;

/// <summary>
/// The app's clock for end-to-end tests: the system clock plus an offset the tests move forward, so a month of
/// billing (renewals, reminders, suspension) can be walked through in the real app in seconds. Only ever registered in
/// the Testing environment with <c>Testing:ClockControl</c> on (<see cref="TestingControls.IsEnabled"/>).
/// </summary>
public sealed class ShiftedTimeProvider(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>Moves the clock forward (never back: time in the ledger and the queues only grows).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}

/// <summary>The body of <c>POST /testing/clock/advance</c>.</summary>
public sealed record ClockAdvance(double Hours);

/// <summary>What the clock endpoints answer.</summary>
public sealed record ClockState(DateTimeOffset NowUtc, double OffsetHours);

/// <summary>
/// Test-only controls of a running app: <c>GET /testing/clock</c>, <c>POST /testing/clock/advance</c> (moves the clock
/// forward) and <c>POST /testing/jobs/{name}/run</c> (runs a scheduled job once, now, and answers when it finished).
/// They exist only in the <c>Testing</c> environment with <c>Testing:ClockControl</c> set to true; in any other
/// environment nothing is registered or mapped, whatever the configuration says.
/// </summary>
public static class TestingControls
{
    public const string EnvironmentName = "Testing";
    public const string SettingKey = "Testing:ClockControl";

    /// <summary>The longest single move: e-mail links, sign-in cookies and data-protection keys stay valid.</summary>
    public const double MaxAdvanceHours = 24 * 60;

    public static bool IsEnabled(IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        return environment.IsEnvironment(EnvironmentName) && configuration.GetValue<bool>(SettingKey);
    }

    /// <summary>Call after every other registration: the shifted clock replaces the system clock for the whole app.</summary>
    public static WebApplicationBuilder AddTestingControls(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsEnabled(builder.Environment, builder.Configuration))
        {
            return builder;
        }

        var clock = new ShiftedTimeProvider(TimeProvider.System);
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(clock);
        return builder;
    }

    public static WebApplication MapTestingControls(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!IsEnabled(app.Environment, app.Configuration))
        {
            return app;
        }

        var group = app.MapGroup("/testing").AllowAnonymous().DisableAntiforgery();
        group.MapGet("/clock", (ShiftedTimeProvider clock) => Results.Ok(State(clock)));
        group.MapPost("/clock/advance", (ClockAdvance body, ShiftedTimeProvider clock) =>
        {
            if (body is null || !double.IsFinite(body.Hours) || body.Hours <= 0 || body.Hours > MaxAdvanceHours)
            {
                return Results.BadRequest($"Hours must be more than 0 and at most {MaxAdvanceHours}.");
            }

            clock.Advance(TimeSpan.FromHours(body.Hours));
            return Results.Ok(State(clock));
        });
        group.MapPost("/jobs/{name}/run", async (string name, JobCatalog catalog, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (catalog.Find(name) is not { } job)
            {
                // With a body, so the status-code pages leave the answer alone.
                return Results.NotFound($"No job is called '{name}'.");
            }

            await using var scope = services.CreateAsyncScope();
            var instance = (ScheduledJob)ActivatorUtilities.CreateInstance(scope.ServiceProvider, job.JobType);
            await instance.RunRecordedAsync(job.Name, cancellationToken);
            return Results.Ok();
        });
        return app;
    }

    private static ClockState State(ShiftedTimeProvider clock) => new(clock.GetUtcNow(), clock.Offset.TotalHours);
}
