using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Dunning;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Provisioning.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing.Renewals;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Dunning;

public class DunningSweepTests : IDisposable
{
    private readonly RenewalTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private Task<DunningSweepResult> DunAsync() => _kit.Dunning().RunAsync(RenewalTestKit.Notice, CancellationToken.None);

    private async Task<List<ProvisioningTaskKind>> PanelWorkAsync(Guid subscriptionId)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        var server = await db.GameServers().AsNoTracking().SingleAsync(s => s.SubscriptionId == subscriptionId);
        return await db.ProvisioningTasks().AsNoTracking().Where(t => t.GameServerId == server.Id)
            .OrderBy(t => t.Id).Select(t => t.Kind).ToListAsync();
    }

    /// <summary>Up to twelve months of daily renewal and dunning runs (a dunning run that did something is repeated at once): the balance runs out twice.</summary>
    [Fact]
    public async Task SimulatedYear_BalanceRunsOutMidway_RemindsOnceSuspendsUnsuspendsOnPaymentThenTerminates()
    {
        var (customer, subscriptionId, price) = await _kit.ActiveServiceAsync();
        await _kit.TopUpAsync(customer, price.Minor * 4, "topup-1");
        var start = _kit.NowUtc;
        var toppedUpAgain = false;
        DateTime? suspendedAt = null;
        DateTime? terminatedAt = null;
        for (var day = 1; day <= 365 && terminatedAt is null; day++)
        {
            _kit.AdvanceTo(start.AddDays(day));
            await _kit.Renewals().RunAsync(CancellationToken.None);
            if (!(await DunAsync()).IsIdle)
            {
                Assert.True((await DunAsync()).IsIdle); // Run again at once: nothing happens twice.
            }

            var subscription = await _kit.SubscriptionAsync(subscriptionId);
            if (subscription.Status == SubscriptionStatus.Suspended && !toppedUpAgain)
            {
                suspendedAt ??= _kit.NowUtc;
                if (_kit.NowUtc >= suspendedAt.Value.AddDays(2))
                {
                    await _kit.TopUpAsync(customer, price.Minor * 3, "topup-2");
                    toppedUpAgain = true;
                    Assert.Equal(SubscriptionStatus.Active, (await _kit.SubscriptionAsync(subscriptionId)).Status);
                }
            }

            if (subscription.Status == SubscriptionStatus.Terminated)
            {
                terminatedAt = _kit.NowUtc;
            }
        }

        Assert.True(toppedUpAgain);
        Assert.NotNull(terminatedAt);
        var invoices = await _kit.RenewalInvoicesAsync(subscriptionId);
        // Four renewals from the first top-up, the one paid late after the suspension, two more, then the unpaid one.
        Assert.Equal(8, invoices.Count);
        Assert.Equal(7, invoices.Count(i => i.Status == InvoiceStatus.Paid));
        var unpaid = Assert.Single(invoices, i => i.Status == InvoiceStatus.Uncollectible);
        for (var i = 1; i < invoices.Count; i++)
        {
            Assert.Equal(invoices[i - 1].ServicePeriodEndUtc, invoices[i].ServicePeriodStartUtc); // No gap, no overlap: the late one is backdated.
        }

        var lateOne = invoices[4];
        var lateSteps = await _kit.StepsAsync(lateOne.Id);
        Assert.Equal(
            [DunningStepKind.ReminderBeforeDue, DunningStepKind.ReminderOnDue, DunningStepKind.ReminderAfterDue, DunningStepKind.ReminderAfterDue,
                DunningStepKind.Suspension, DunningStepKind.Unsuspension],
            lateSteps.OrderBy(s => s.AtUtc).ThenBy(s => s.Kind).Select(s => s.Kind));
        Assert.All(lateSteps, s => Assert.Equal(DunningStepOutcome.Done, s.Outcome));
        Assert.Equal(lateOne.DueAtUtc!.Value.AddDays(_kit.DunningOptions.SuspendAfterDays).Date,
            lateSteps.Single(s => s.Kind == DunningStepKind.Suspension).AtUtc.Date);

        var finalSteps = await _kit.StepsAsync(unpaid.Id);
        var suspension = finalSteps.Single(s => s.Kind == DunningStepKind.Suspension);
        var termination = finalSteps.Single(s => s.Kind == DunningStepKind.Termination);
        Assert.Equal(suspension.AtUtc.AddDays(_kit.DunningOptions.TerminateAfterDays), termination.AtUtc);

        // One e-mail per step, however many runs: 4 reminders + suspension for each unpaid invoice, + termination.
        Assert.Equal(4 + 1 + 4 + 1 + 1, (await _kit.EmailKeysAsync("dunning:")).Count);
        Assert.Equal(
            [ProvisioningTaskKind.EnsurePanelUser, ProvisioningTaskKind.CreateServer, ProvisioningTaskKind.Suspend, ProvisioningTaskKind.Unsuspend,
                ProvisioningTaskKind.Suspend, ProvisioningTaskKind.Delete],
            await PanelWorkAsync(subscriptionId));
        await _kit.AssertBooksBalanceAsync();
    }

    private async Task<(Guid Customer, Guid Subscription, Invoice Renewal)> UnpaidRenewalAsync()
    {
        var (customer, subscriptionId, _) = await _kit.ActiveServiceAsync();
        _kit.AdvanceTo((await _kit.SubscriptionAsync(subscriptionId)).PaidUntilUtc!.Value.AddDays(-7));
        await _kit.Renewals().RunAsync(CancellationToken.None);
        return (customer, subscriptionId, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)));
    }

    [Fact]
    public async Task RunAsync_LateFirstRun_SendsOnlyTheLatestReminderAndSkipsStaleOnes()
    {
        var (_, _, renewal) = await UnpaidRenewalAsync();
        _kit.AdvanceTo(renewal.DueAtUtc!.Value.AddDays(3).AddHours(1));

        var result = await DunAsync();

        Assert.Equal(1, result.Reminders);
        var steps = await _kit.StepsAsync(renewal.Id);
        Assert.Equal(3, steps.Count(s => s.Outcome == DunningStepOutcome.Skipped));
        var sent = Assert.Single(steps, s => s.Outcome == DunningStepOutcome.Done);
        Assert.Equal((DunningStepKind.ReminderAfterDue, 3), (sent.Kind, sent.Offset));
        Assert.Single(await _kit.EmailKeysAsync("dunning:"));
    }

    [Fact]
    public async Task RunAsync_TwoRunsAtOnce_EachStepOnce()
    {
        var (_, subscriptionId, renewal) = await UnpaidRenewalAsync();
        _kit.AdvanceTo(renewal.DueAtUtc!.Value.AddDays(_kit.DunningOptions.SuspendAfterDays));

        var results = await Task.WhenAll(Task.Run(DunAsync), Task.Run(DunAsync));

        Assert.Equal(1, results.Sum(r => r.Suspensions));
        Assert.Single(await _kit.StepsAsync(renewal.Id), s => s.Kind == DunningStepKind.Suspension);
        Assert.Equal(2, (await _kit.EmailKeysAsync("dunning:")).Count); // The latest reminder and the suspension.
        Assert.Equal(1, (await PanelWorkAsync(subscriptionId)).Count(k => k == ProvisioningTaskKind.Suspend));
    }

    [Fact]
    public async Task RunAsync_CustomerOnHold_RemindsButDoesNotSuspendUntilHoldEnds()
    {
        var (customer, subscriptionId, renewal) = await UnpaidRenewalAsync();
        var admin = await AdminAsync();
        var email = await EmailOfAsync(customer);
        var holdUntil = renewal.DueAtUtc!.Value.AddDays(10);
        var set = await _kit.DunningAdmin().SetHoldAsync(admin, email, "Pays by bank transfer every quarter", holdUntil, CancellationToken.None);
        Assert.True(set.IsSuccess, set.Error?.Code);

        _kit.AdvanceTo(renewal.DueAtUtc.Value.AddDays(8));
        var during = await DunAsync();
        Assert.Equal(0, during.Suspensions);
        Assert.Equal(SubscriptionStatus.Active, (await _kit.SubscriptionAsync(subscriptionId)).Status);
        Assert.Equal(1, during.Reminders);

        _kit.AdvanceTo(holdUntil.AddMinutes(1));
        Assert.Equal(1, (await DunAsync()).Suspensions);
        Assert.Equal(SubscriptionStatus.Suspended, (await _kit.SubscriptionAsync(subscriptionId)).Status);
        await using var db = _kit.Data.Database.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "billing.dunning_hold_set" && a.SubjectId == customer.ToString()));
    }

    [Fact]
    public async Task RunAsync_TariffPolicy_SuspendsAfterItsOwnDays()
    {
        var (_, subscriptionId, renewal) = await UnpaidRenewalAsync();
        var set = await _kit.DunningAdmin().SetTariffAsync(await AdminAsync(), _kit.Data.TariffId("paper-4gb"), 2, 1, CancellationToken.None);
        Assert.True(set.IsSuccess, set.Error?.Code);

        _kit.AdvanceTo(renewal.DueAtUtc!.Value.AddDays(2).AddMinutes(-1));
        Assert.Equal(0, (await DunAsync()).Suspensions);
        _kit.AdvanceTo(renewal.DueAtUtc.Value.AddDays(2));
        Assert.Equal(1, (await DunAsync()).Suspensions);
        _kit.AdvanceTo(_kit.NowUtc.AddDays(1));
        Assert.Equal(1, (await DunAsync()).Terminations);
        Assert.Equal(SubscriptionStatus.Terminated, (await _kit.SubscriptionAsync(subscriptionId)).Status);
        Assert.Equal(InvoiceStatus.Uncollectible, Assert.Single(await _kit.RenewalInvoicesAsync(subscriptionId)).Status);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(3, 400)]
    [InlineData(3, null)]
    public async Task SetTariffAsync_DaysOutOfRange_IsRefused(int? suspend, int? terminate)
    {
        var result = await _kit.DunningAdmin().SetTariffAsync(await AdminAsync(), _kit.Data.TariffId("paper-4gb"), suspend, terminate, CancellationToken.None);
        Assert.Equal("billing.dunning_days_invalid", result.Error?.Code);
    }

    [Fact]
    public async Task SetHoldAsync_NoReasonOrNotAdmin_IsRefused()
    {
        var customer = _kit.Data.AddCustomer();
        var email = await EmailOfAsync(customer);
        Assert.Equal("billing.hold_reason_required",
            (await _kit.DunningAdmin().SetHoldAsync(await AdminAsync(), email, " ", _kit.NowUtc.AddDays(1), CancellationToken.None)).Error?.Code);
        Assert.Equal("billing.dunning_actor_not_admin",
            (await _kit.DunningAdmin().SetHoldAsync(customer, email, "trusted", _kit.NowUtc.AddDays(1), CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public async Task Timeline_OpenRenewal_ShowsPlanThenWhatHappened()
    {
        var (customer, _, renewal) = await UnpaidRenewalAsync();
        var plan = await _kit.Timeline().ForInvoiceAsync(renewal.Id, customer, CancellationToken.None);
        Assert.NotNull(plan);
        Assert.Equal(6, plan.Entries.Count); // 1 before, on due, 2 after, suspension, termination.
        Assert.All(plan.Entries, e => Assert.Null(e.HappenedAtUtc));
        Assert.Null(await _kit.Timeline().ForInvoiceAsync(renewal.Id, Guid.NewGuid(), CancellationToken.None));

        _kit.AdvanceTo(renewal.DueAtUtc!.Value);
        await DunAsync();
        var after = await _kit.Timeline().ForInvoiceAsync(renewal.Id, null, CancellationToken.None);
        Assert.Equal(DunningStepOutcome.Done, after!.Entries.Single(e => e.Kind == DunningStepKind.ReminderOnDue).Outcome);
    }

    private async Task<string> EmailOfAsync(Guid userId)
    {
        await using var db = _kit.Data.Database.CreateDbContext();
        return (await db.Users.SingleAsync(u => u.Id == userId)).Email!;
    }

    private async Task<Guid> AdminAsync()
    {
        var id = _kit.Data.AddCustomer(name: "Admin", withProfile: false);
        await using var db = _kit.Data.Database.CreateDbContext();
        var role = await db.Roles.FirstOrDefaultAsync(r => r.NormalizedName == "ADMIN");
        if (role is null)
        {
            role = new GameHost.Domain.Accounts.ApplicationRole { Id = Guid.NewGuid(), Name = "Admin", NormalizedName = "ADMIN" };
            db.Roles.Add(role);
        }

        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return id;
    }
}
