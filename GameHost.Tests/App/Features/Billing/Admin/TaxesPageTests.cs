using Bunit;
using GameHost.App.Features.Billing.Admin.Taxes;
using GameHost.Domain.Billing.Taxes;
using MudBlazor;

namespace GameHost.Tests.App.Features.Billing.Admin;

/// <summary>The tax rules editor: the seeded South African VAT, editing with validation, and adding an EU rate in one click.</summary>
public class TaxesPageTests : AdminBillingPageContext
{
    [Fact]
    public void TaxesPage_FreshInstall_ListsSouthAfricanVatIncludedInPrices()
    {
        var page = Render<TaxesPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=tax-rule]")));
        var rule = page.Find("[data-testid=tax-rule]");
        Assert.Equal("ZA", rule.GetAttribute("data-country"));
        Assert.Equal("15%", page.Find("[data-testid=tax-rule-rate]").TextContent.Trim());
    }

    [Fact]
    public async Task TaxesPage_EditRate_SavesTheNewRate()
    {
        var page = Render<TaxesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=edit-tax-rule]"));

        page.Find("[data-testid=edit-tax-rule]").Click();
        Type(page.Find("[data-testid=tax-rule-rate-input]"), "15.5");
        page.Find("[data-testid=save-tax-rule]").Click();

        page.WaitForAssertion(() => Assert.Equal("15.5%", page.Find("[data-testid=tax-rule-rate]").TextContent.Trim()));
        var overview = await Data.Taxes().OverviewAsync(CancellationToken.None);
        Assert.Equal(1550, Assert.Single(overview.Rules).RateBasisPoints);
    }

    [Fact]
    public async Task TaxesPage_RateAboveHundred_ShowsTheFieldErrorAndSavesNothing()
    {
        var page = Render<TaxesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=edit-tax-rule]"));

        page.Find("[data-testid=edit-tax-rule]").Click();
        var field = page.FindComponents<MudNumericField<decimal?>>().Single();
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(150m));
        page.Find("[data-testid=save-tax-rule]").Click();

        page.WaitForAssertion(() => Assert.Contains("between 0 % and 100 %", page.Markup, StringComparison.Ordinal));
        Assert.Equal(1500, Assert.Single((await Data.Taxes().OverviewAsync(CancellationToken.None)).Rules).RateBasisPoints);
    }

    [Fact]
    public async Task TaxesPage_AddKnownSpanishRate_AddsIvaAtTwentyOnePercentWithReverseCharge()
    {
        var page = Render<TaxesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=add-known-rate]"));
        var known = page.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "known-rate"));

        await page.InvokeAsync(() => known.Instance.ValueChanged.InvokeAsync("ES"));
        page.Find("[data-testid=add-known-rate]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=tax-rule]").Count));
        var spain = Assert.Single((await Data.Taxes().OverviewAsync(CancellationToken.None)).Rules, r => r.CountryCode == "ES");
        Assert.Equal((2100, true, true), (spain.RateBasisPoints, spain.PricesIncludeTax, spain.ReverseChargeForBusinesses));
    }
}
