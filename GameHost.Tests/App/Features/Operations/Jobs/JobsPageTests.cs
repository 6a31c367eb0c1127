using System.Globalization;
using Bunit;
using GameHost.App.Features.Notifications;
using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Operations;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Operations.Jobs;

public sealed class JobsPageTests : BunitContext
{
    private const string JobName = "email-dispatch";

    private readonly SqliteTestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeJobScheduler _scheduler = new();
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _previousUiCulture = CultureInfo.CurrentUICulture;

    public JobsPageTests()
    {
        SetCulture("en-GB");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton<IDbContextFactory<GameHostDbContext>>(new SqliteTestContextFactory(_database));
        Services.AddSingleton(new JobDefinition(JobName, typeof(object), TimeSpan.FromSeconds(5), typeof(NotificationsText), "JobDispatchEmail"));
        Services.AddSingleton<JobCatalog>();
        Services.AddSingleton<IJobScheduler>(_scheduler);
        Services.AddScoped<JobRunsQuery>();
        Services.AddScoped<JobsConsole>();
        Services.AddScoped<EmailOutboxQuery>();
        Services.AddScoped<ResendEmail>();
        _scheduler.NextFireAtUtc = new DateTime(2026, 3, 1, 12, 0, 5, DateTimeKind.Utc);
    }

    [Fact]
    public async Task Render_JobWithRuns_ShowsScheduleLastRunNextRunAndRecentRuns()
    {
        await SeedRunAsync(succeeded: true, summary: "sent=2 retried=0 failed=0", error: null);

        var page = Render<JobsPage>();

        var row = page.Find($"[data-testid='job-{JobName}']");
        Assert.Contains("E-mail delivery", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Every 5 s", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("01/03/2026 11:59:58", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("1.5 s", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("01/03/2026 12:00:05", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Succeeded", row.QuerySelector("[data-testid='run-result']")!.TextContent.Trim());
        Assert.Equal("sent=2 retried=0 failed=0", row.QuerySelector("[data-testid='last-summary']")!.TextContent.Trim());
        Assert.Single(page.FindAll("[data-testid='recent-runs'] tbody tr"));
    }

    [Fact]
    public async Task Render_LastRunFailed_ShowsTheError()
    {
        await SeedRunAsync(succeeded: false, summary: null, error: "IOException: disk full");

        var page = Render<JobsPage>();

        var row = page.Find($"[data-testid='job-{JobName}']");
        Assert.Equal("Failed", row.QuerySelector("[data-testid='run-result']")!.TextContent.Trim());
        Assert.Equal("IOException: disk full", row.QuerySelector("[data-testid='last-error']")!.TextContent.Trim());
    }

    [Fact]
    public void RunNow_Click_TriggersTheJobDisablesTheButtonAndShowsASnackbar()
    {
        var page = Render<JobsPage>();

        page.Find("[data-testid='run-now']").Click();

        page.WaitForAssertion(() => Assert.Equal([JobName], _scheduler.Triggered));
        Assert.True(page.Find("[data-testid='run-now']").HasAttribute("disabled"));
        var snackbar = Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.Contains("E-mail delivery", snackbar.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Success, snackbar.Severity);
    }

    [Fact]
    public async Task RunNow_AfterTheStartedRunFinishes_EnablesTheButtonAgainOnRefresh()
    {
        var page = Render<JobsPage>();
        page.Find("[data-testid='run-now']").Click();
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid='run-now']").HasAttribute("disabled")));

        await SeedRunAsync(succeeded: true, summary: "sent=1 retried=0 failed=0", error: null);
        _time.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid='run-now']").HasAttribute("disabled")));
        Assert.Contains("sent=1", page.Find("[data-testid='last-summary']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_JobRunning_ShowsRunningAndDisablesRunNow()
    {
        _scheduler.IsRunning = true;

        var page = Render<JobsPage>();

        Assert.Equal("Running", page.Find("[data-testid='run-result']").TextContent.Trim());
        Assert.True(page.Find("[data-testid='run-now']").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Resend_FailedEmail_PutsItBackInTheQueue()
    {
        Guid id;
        await using (var db = _database.NewContext())
        {
            var email = new EmailOutbox(db, _time).Add(new EmailMessage("lost@example.com", null, "Invoice", "Pay", null, "billing.invoice"));
            email.MarkFailed("550 mailbox unavailable");
            await db.SaveChangesAsync();
            id = email.Id;
        }

        var page = Render<JobsPage>();
        Assert.Equal("1", page.Find("[data-testid='outbox-failed']").TextContent.Trim());
        Assert.Contains("550 mailbox unavailable", page.Find("[data-testid='failed-email']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='resend']").Click();

        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid='outbox-failed']").TextContent.Trim()));
        Assert.Equal("1", page.Find("[data-testid='outbox-pending']").TextContent.Trim());
        await using var check = _database.NewContext();
        Assert.Equal(OutboundEmailStatus.Pending, (await check.OutboundEmails.SingleAsync(e => e.Id == id)).Status);
    }

    [Fact]
    public void Render_InSpanish_UsesSpanishStrings()
    {
        SetCulture("es-ES");

        var page = Render<JobsPage>();

        Assert.Contains("Tareas programadas", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Ejecutar ahora", page.Find("[data-testid='run-now']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Envío de correo", page.Find($"[data-testid='job-{JobName}']").TextContent, StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
            CultureInfo.CurrentCulture = _previousCulture;
            CultureInfo.CurrentUICulture = _previousUiCulture;
        }
    }

    private static void SetCulture(string name)
    {
        CultureInfo.CurrentCulture = new CultureInfo(name);
        CultureInfo.CurrentUICulture = new CultureInfo(name);
    }

    private async Task SeedRunAsync(bool succeeded, string? summary, string? error)
    {
        await using var db = _database.NewContext();
        var started = _time.GetUtcNow().UtcDateTime.AddSeconds(-2);
        db.JobRuns.Add(new JobRun
        {
            JobName = JobName,
            StartedAtUtc = started,
            FinishedAtUtc = started.AddMilliseconds(1500),
            Succeeded = succeeded,
            Summary = summary,
            Error = error,
        });
        await db.SaveChangesAsync();
    }

    private sealed class FakeJobScheduler : IJobScheduler
    {
        public DateTime? NextFireAtUtc { get; set; }

        public bool IsRunning { get; set; }

        public List<string> Triggered { get; } = [];

        public Task<JobScheduleState> GetStateAsync(string jobName, CancellationToken cancellationToken) =>
            Task.FromResult(new JobScheduleState(NextFireAtUtc, IsRunning));

        public Task TriggerNowAsync(string jobName, CancellationToken cancellationToken)
        {
            Triggered.Add(jobName);
            return Task.CompletedTask;
        }
    }
}
