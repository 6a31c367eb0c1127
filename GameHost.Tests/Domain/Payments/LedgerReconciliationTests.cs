using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Common;
using GameHost.Domain.Notifications.Catalogue;
using GameHost.Domain.Notifications.Persistence;
using GameHost.Domain.Payments;
using GameHost.Tests.Domain.Billing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Payments;

/// <summary>The nightly check re-derives every balance from its entries and alerts administrators on any drift.</summary>
public class LedgerReconciliationTests : IDisposable
{
    private readonly BillingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private LedgerReconciliation Check() => new(_data.Database, _data.Time, GameHost.Tests.TestSupport.TestNotifier.Create(_data.Time));

    private async Task<Guid> FundedCustomerAsync()
    {
        var customer = _data.AddCustomer();
        var record = new RecordPayment(_data.Database, new LedgerPosting(_data.Time), new InvoiceSettlement(new LedgerPosting(_data.Time), new GameHost.Domain.Provisioning.Servers.ProvisioningRequests(_data.Time), _data.Time), _data.Time);
        var result = await record.ExecuteAsync(
            new RecordPaymentCommand(GatewayCodes.BankTransfer, "REF-1", customer, null, Money.FromMinor(25000, "ZAR"), _data.NowUtc), CancellationToken.None);
        Assert.True(result.IsSuccess);
        return customer;
    }

    private Guid AddAdmin()
    {
        var admin = _data.AddCustomer("Olivia Admin", withProfile: false);
        using var db = _data.Database.CreateDbContext();
        var role = db.Roles.FirstOrDefault(r => r.Name == Roles.Admin);
        if (role is null)
        {
            role = new ApplicationRole { Id = Guid.NewGuid(), Name = Roles.Admin, NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = admin, RoleId = role.Id });
        db.SaveChanges();
        return admin;
    }

    [Fact]
    public async Task RunAsync_BooksAsPosted_AreCleanAndNobodyIsMailed()
    {
        await FundedCustomerAsync();
        AddAdmin();

        var result = await Check().RunAsync(CancellationToken.None);

        Assert.True(result.IsClean);
        Assert.Equal(2, result.AccountsChecked);
        await using var db = _data.Database.CreateDbContext();
        Assert.False(await db.OutboundEmails.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_ACachedBalanceEditedBehindTheLedgersBack_IsReportedAndAdminsAreMailedOncePerDay()
    {
        var customer = await FundedCustomerAsync();
        var admin = AddAdmin();
        await using (var db = _data.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE LedgerAccounts SET BalanceMinor = BalanceMinor + 1 WHERE CustomerId IS NOT NULL");
        }

        var first = await Check().RunAsync(CancellationToken.None);
        var second = await Check().RunAsync(CancellationToken.None);

        var drift = Assert.Single(first.Drifts);
        Assert.Equal((LedgerAccount.CustomerCode(customer, Currency.ZAR), 25001L, 25000L), (drift.AccountCode, drift.CachedMinor, drift.DerivedMinor));
        Assert.False(second.IsClean);
        await using var check = _data.Database.CreateDbContext();
        var mail = Assert.Single(await check.OutboundEmails.ToListAsync());
        Assert.Equal((admin, LedgerReconciliation.AlertCategory), (mail.UserId!.Value, mail.Category));
        Assert.Contains("cached 25001 vs entries 25000", mail.TextBody, StringComparison.Ordinal);
        var alert = Assert.Single(await check.Notifications().ToListAsync());
        Assert.Equal((admin, NotificationCatalogue.Codes.LedgerDrift, true), (alert.UserId, alert.EventCode, alert.ShowInApp));
        Assert.Contains("1 account balances", alert.Body, StringComparison.Ordinal);
    }
}
