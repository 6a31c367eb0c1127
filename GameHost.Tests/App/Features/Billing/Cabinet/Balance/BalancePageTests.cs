using Bunit;
using GameHost.App.Features.Billing.Cabinet.Balance;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Billing.Cabinet.Balance;

/// <summary>The cabinet balance page: balance, "lasts until", the recommended top-up with its parts, top-up and pay-ahead.</summary>
public sealed class BalancePageTests : BalancePageContext
{
    [Fact]
    public async Task BalancePage_HourlyAndMonthlyServices_ShowsBalanceLastsUntilAndRecommendedParts()
    {
        var customer = Data.AddCustomer();
        await CreditAsync(customer, 10_000, "t1");
        var now = Data.NowUtc; // 1 June 2026, 09:00 UTC.
        await AddServiceAsync(customer, BillingPeriod.Hour, 100, "Hourly SMP", now.AddHours(1));
        await AddServiceAsync(customer, BillingPeriod.Month1, 5_000, "Monthly SMP", now.AddDays(10));
        SignIn(customer);
        Providers();

        var page = Render<BalancePage>();

        page.WaitForAssertion(() => Assert.Equal("R100.00", page.Find("[data-testid=balance-amount]").TextContent.Trim()));
        // R100 pays 100 hours at R1 (10:00 on 1 June to 13:00 on 5 June), before the R50 renewal on 11 June; the 101st hour cannot be paid.
        Assert.Equal("6/5/2026 2:00 PM UTC", page.Find("[data-testid=balance-lasts-until]").TextContent.Trim().Replace('\u202F', ' '));
        // Through 31 July: 1454 hours (R1 454) and two renewals (R100), less the R100 held.
        Assert.Equal(["PayAsYouGo", "Renewal"], page.FindAll("[data-testid=topup-part]").Select(p => p.GetAttribute("data-kind")));
        Assert.Contains("R1,454.00", page.FindAll("[data-testid=topup-part]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("R1,454.00", page.Find("[data-testid=topup-recommended]").TextContent.Trim());
    }

    [Fact]
    public async Task BalancePage_TopUp_ShowsTheTransferReferenceOrTheFieldError()
    {
        var customer = Data.AddCustomer();
        SignIn(customer);
        Providers();
        var page = Render<BalancePage>();
        page.WaitForAssertion(() => page.Find("[data-testid=topup-amount]"));

        Type(page.Find("[data-testid=topup-amount]"), "12.345");
        page.Find("[data-testid=topup-submit]").Click();
        page.WaitForAssertion(() => Assert.Contains("more decimals", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=topup-instructions]"));

        Type(page.Find("[data-testid=topup-amount]"), "250");
        page.Find("[data-testid=topup-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("GH-" + customer.ToString("N")[..10].ToUpperInvariant(), page.Find("[data-testid=topup-reference]").TextContent.Trim()));
        Assert.Contains("R250.00", page.Find("[data-testid=topup-instructions]").TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await BalanceAsync(customer)); // Nothing moves until the transfer is booked.
    }

    [Fact]
    public async Task BalancePage_PayAhead_PaysFromBalanceAndMovesPaidUntil()
    {
        var customer = Data.AddCustomer();
        await CreditAsync(customer, 20_000, "t1");
        var paidUntil = Data.NowUtc.AddDays(5);
        var service = await AddServiceAsync(customer, BillingPeriod.Month1, 5_000, "Monthly SMP", paidUntil);
        SignIn(customer);
        Providers();
        var page = Render<BalancePage>();
        page.WaitForAssertion(() => page.Find("[data-testid=payahead-submit]"));

        page.Find("[data-testid=payahead-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("is paid", page.Find("[data-testid=payahead-result]").TextContent, StringComparison.Ordinal));
        await using var db = Data.Database.CreateDbContext();
        Assert.Equal(paidUntil.AddMonths(1), (await db.Subscriptions().SingleAsync(s => s.Id == service)).PaidUntilUtc);
        Assert.Equal(InvoiceStatus.Paid, (await db.Invoices().SingleAsync(i => i.SubscriptionId == service)).Status);
        Assert.Equal(15_000, await BalanceAsync(customer));
    }
}
