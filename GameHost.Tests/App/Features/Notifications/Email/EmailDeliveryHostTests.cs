using GameHost.App.Features.Notifications.Email;
using GameHost.App.Features.Notifications.Jobs;
using GameHost.App.Features.Operations.Jobs;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Persistence;
using GameHost.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace GameHost.Tests.App.Features.Notifications.Email;

/// <summary>The real app: the scheduled dispatch job carries an enqueued e-mail into the pickup folder.</summary>
public sealed class EmailDeliveryHostTests
{
    [Fact]
    public async Task EnqueueAsync_WithoutSmtpHost_DispatchJobWritesEmlToMailFolderAndRecordsRun()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();

        Guid id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.IsType<PickupDirectoryEmailTransport>(scope.ServiceProvider.GetRequiredService<IEmailTransport>());
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            var email = await outbox.EnqueueAsync(
                new EmailMessage("player@example.com", "Steve", "Welcome to GameHost", "Hello Steve", "<p>Hello Steve</p>", "test.welcome"),
                idempotencyKey: "test:welcome:1",
                CancellationToken.None);
            id = email.Id;
        }

        // Waits for the real background job (it polls every second here), bounded.
        var file = await WaitForAsync(() => Directory.Exists(factory.MailDirectory)
            ? Directory.GetFiles(factory.MailDirectory, "*.eml").SingleOrDefault()
            : null);

        Assert.EndsWith($"-{id:N}.eml", file, StringComparison.Ordinal);
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal("Welcome to GameHost", message.Subject);
        Assert.StartsWith($"{id:N}@", message.MessageId, StringComparison.Ordinal);

        var run = await WaitForAsync(async () =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
            return await db.JobRuns.AsNoTracking()
                .FirstOrDefaultAsync(r => r.JobName == DispatchEmailJob.Name && r.Summary == "sent=1 retried=0 failed=0");
        });
        Assert.True(run.Succeeded);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GameHostDbContext>();
            var stored = await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Id == id);
            Assert.Equal(OutboundEmailStatus.Sent, stored.Status);
        }
    }

    [Fact]
    public async Task GetJobsAsync_RealScheduler_ListsDispatchJobWithNextFireTime()
    {
        using var factory = new GameHostAppFactory();
        using var client = factory.CreateClient();

        await using var scope = factory.Services.CreateAsyncScope();
        var jobs = await scope.ServiceProvider.GetRequiredService<JobsConsole>().GetJobsAsync(CancellationToken.None);

        var dispatch = Assert.Single(jobs, j => j.Definition.Name == DispatchEmailJob.Name);
        Assert.Equal(TimeSpan.FromSeconds(1), dispatch.Definition.Interval);
        Assert.NotNull(dispatch.NextFireAtUtc);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class => WaitForAsync(() => Task.FromResult(probe()));
}
