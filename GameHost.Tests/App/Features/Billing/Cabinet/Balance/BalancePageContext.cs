using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Tests.App.Features.Ordering;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Balance;

/// <summary>The real billing Domain over SQLite for the balance pages, with helpers for money, services and staff.</summary>
public abstract class BalancePageContext : OrderPageContext
{
    protected void Providers()
    {
        Render<MudPopoverProvider>();
    }

    protected async Task CreditAsync(Guid customer, long minor, string key)
    {
        await using var db = Data.Database.CreateDbContext();
        var credit = new Money(minor, Currency.ZAR);
        await new LedgerPosting(Data.Time).PostAsync(db, new PostingRequest(key, "payment_received", "Bank transfer FNB-1",
            [Posting.System(LedgerAccountKind.PaymentsReceived, -credit), Posting.Customer(customer, credit)], customer), CancellationToken.None);
        await db.SaveChangesAsync();
    }

    protected async Task<Guid> AddServiceAsync(Guid customer, BillingPeriod period, long netMinor, string name, DateTime paidUntilUtc)
    {
        await using var db = Data.Database.CreateDbContext();
        var subscription = new Subscription
        {
            Id = Guid.NewGuid(), CustomerId = customer, TariffId = Data.TariffId("paper-4gb"), TariffVersionNumber = 1, Period = period,
            BillingModel = period.ModelOf(), RecurringNet = new Money(netMinor, Currency.ZAR), LocationId = 1, ServerName = name,
            Status = SubscriptionStatus.Active, RequestId = Guid.NewGuid().ToString("N"), CreatedAtUtc = Data.NowUtc, ConcurrencyToken = Guid.NewGuid(),
            CurrentPeriodStartUtc = Data.NowUtc, PaidUntilUtc = paidUntilUtc,
        };
        db.Subscriptions().Add(subscription);
        await db.SaveChangesAsync();
        return subscription.Id;
    }

    protected Guid AddStaff(string role)
    {
        using var db = Data.Database.CreateDbContext();
        var roleRow = db.Roles.FirstOrDefault(r => r.Name == role);
        if (roleRow is null)
        {
            roleRow = new ApplicationRole { Id = Guid.NewGuid(), Name = role, NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(roleRow);
        }

        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@gamehost.test";
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            FullName = "Olivia Admin", CreatedAtUtc = Data.NowUtc, SecurityStamp = "stamp", ConcurrencyStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleRow.Id });
        db.SaveChanges();
        return user.Id;
    }

    protected async Task<long> BalanceAsync(Guid customer)
    {
        await using var db = Data.Database.CreateDbContext();
        var code = LedgerAccount.CustomerCode(customer, Currency.ZAR);
        return await db.LedgerAccounts().AsNoTracking().Where(a => a.Code == code).Select(a => a.Balance.Minor).FirstOrDefaultAsync();
    }
}
