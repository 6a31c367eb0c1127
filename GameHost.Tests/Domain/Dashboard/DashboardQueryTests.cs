using GameHost.Domain.Accounts;
using GameHost.Domain.Accounts.Customers;
using GameHost.Domain.Dashboard;
using GameHost.Domain.Notifications.Email;
using GameHost.Tests.Domain.Accounts.Customers;

namespace GameHost.Tests.Domain.Dashboard;

public class DashboardQueryTests : IDisposable
{
    private readonly CustomerTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task StaffDashboard_CountsCustomersOutboxAndLatestAuditFromTheStore()
    {
        var now = _data.NowUtc;
        var staff = await _data.AddStaffAsync("Olivia", Roles.Admin);
        await _data.AddCustomerAsync("Old", createdAtUtc: now.AddDays(-30));
        await _data.AddCustomerAsync("New unconfirmed", createdAtUtc: now.AddDays(-2), emailConfirmed: false);
        await _data.AddCustomerAsync("Locked out", createdAtUtc: now.AddDays(-8), configure: u => u.LockoutEnd = new DateTimeOffset(now.AddMinutes(5)));
        var toLock = await _data.AddCustomerAsync("To lock", createdAtUtc: now.AddDays(-6));
        await _data.Lock().ExecuteAsync(new LockCustomerCommand(staff.Id, toLock.Id, "Abuse"), CancellationToken.None);
        await using (var db = _data.Database.NewContext())
        {
            db.OutboundEmails.AddRange(Email(OutboundEmailStatus.Pending), Email(OutboundEmailStatus.Pending), Email(OutboundEmailStatus.Failed), Email(OutboundEmailStatus.Sent));
            await db.SaveChangesAsync();
        }

        var dashboard = await new StaffDashboardQuery(_data.Contexts(), _data.AuditQuery(), _data.Time).ExecuteAsync(CancellationToken.None);

        Assert.Equal(4, dashboard.CustomersTotal);
        Assert.Equal(2, dashboard.CustomersNewLast7Days);
        Assert.Equal(1, dashboard.CustomersUnconfirmed);
        Assert.Equal(1, dashboard.CustomersLockedByStaff);
        Assert.Equal(1, dashboard.CustomersLockedOut);
        Assert.Equal((2, 1), (dashboard.EmailsPending, dashboard.EmailsFailed));
        Assert.Equal(CustomerAccess.LockedAction, Assert.Single(dashboard.LatestAudit).Action);
    }

    [Fact]
    public async Task CustomerDashboard_ReturnsOwnAccountAndProfile()
    {
        var customer = await _data.AddCustomerAsync("Ana", "ana@example.test", "Blocky Ltd", lastLoginAtUtc: _data.NowUtc, configure: u => u.PreferredLanguage = "es");

        var dashboard = await new CustomerDashboardQuery(_data.Contexts()).ExecuteAsync(customer.Id, CancellationToken.None);

        Assert.NotNull(dashboard);
        Assert.Equal(("Ana", "Blocky Ltd", "ES", "EUR", "es"), (dashboard.FullName, dashboard.Company, dashboard.CountryCode, dashboard.BillingCurrency, dashboard.PreferredLanguage));
        Assert.Equal(_data.NowUtc, dashboard.LastLoginAtUtc);
        Assert.Null(await new CustomerDashboardQuery(_data.Contexts()).ExecuteAsync(Guid.NewGuid(), CancellationToken.None));
    }

    private OutboundEmail Email(OutboundEmailStatus status) => new()
    {
        Id = Guid.NewGuid(),
        ToAddress = "x@example.test",
        Subject = "s",
        TextBody = "b",
        Category = "test",
        Status = status,
        CreatedAtUtc = _data.NowUtc,
        NextAttemptAtUtc = _data.NowUtc,
    };
}
