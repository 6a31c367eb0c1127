using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Billing.Queries;
using GameHost.Domain.Billing.Taxes;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.UseCases;
using GameHost.Domain.Common;
using GameHost.Tests.Domain.Billing.Invoicing;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Taxes;

/// <summary>The tax rules in the store: the seeded South African VAT, reverse charge, exempt customers, and the staff editor.</summary>
public sealed class TaxRulesTests : IDisposable
{
    private readonly InvoicingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private TaxRulesPolicy Policy() => new(_data.Contexts);

    private static Money Zar(long minor) => InvoicingTestData.Zar(minor);

    [Fact]
    public async Task TaxForAsync_SouthAfricanBuyerOnAFreshInstall_FifteenPercentIncludedInThePrice()
    {
        var tax = await Policy().TaxForAsync(new InvoiceBuyer("Thandi", null, "ZA", null), Zar(11500), CancellationToken.None);

        Assert.Equal((Zar(10000), Zar(1500), 1500, TaxTreatment.Standard), (tax.Net, tax.Tax, tax.RateBasisPoints, tax.Treatment));
    }

    [Fact]
    public async Task TaxForAsync_CountryWithoutRule_NoTaxApplies()
    {
        var tax = await Policy().TaxForAsync(new InvoiceBuyer("Joe", null, "US", null), new Money(2000, Currency.USD), CancellationToken.None);

        Assert.Equal((2000L, 0L, TaxTreatment.NoRule), (tax.Net.Minor, tax.Tax.Minor, tax.Treatment));
    }

    [Fact]
    public async Task TaxForAsync_SpanishBusinessAfterAddingTheEuRate_ReverseChargeConsumerPaysIva()
    {
        Assert.True((await _data.Taxes().AddKnownAsync(_data.AdminId, "es", CancellationToken.None)).IsSuccess);
        var business = new InvoiceBuyer("Ana", "Creepers SL", "ES", "ESB12345678");
        var consumer = new InvoiceBuyer("Luis", null, "ES", null);

        var reversed = await Policy().TaxForAsync(business, new Money(12100, Currency.EUR), CancellationToken.None);
        var taxed = await Policy().TaxForAsync(consumer, new Money(12100, Currency.EUR), CancellationToken.None);

        Assert.Equal((10000L, 0L, TaxTreatment.ReverseCharge), (reversed.Net.Minor, reversed.Tax.Minor, reversed.Treatment));
        Assert.Equal((10000L, 2100L, 2100), (taxed.Net.Minor, taxed.Tax.Minor, taxed.RateBasisPoints));
    }

    [Fact]
    public async Task TaxForAsync_SellerMovesToSpain_SpanishBusinessIsTaxedAtHome()
    {
        await _data.Taxes().AddKnownAsync(_data.AdminId, "ES", CancellationToken.None);
        Assert.True((await _data.Taxes().SetSellerCountryAsync(_data.AdminId, "ES", CancellationToken.None)).IsSuccess);

        var tax = await Policy().TaxForAsync(new InvoiceBuyer("Ana", "Creepers SL", "ES", "ESB12345678"), new Money(12100, Currency.EUR), CancellationToken.None);

        Assert.Equal((TaxTreatment.Standard, 2100L), (tax.Treatment, tax.Tax.Minor));
    }

    [Fact]
    public async Task PlaceOrder_ExemptCustomer_InvoiceHasNoTaxAndRemembersTheExemption()
    {
        var customer = _data.AddCustomer();
        var set = await _data.Taxes().SetCustomerAsync(_data.AdminId, customer, true, "Registered charity, certificate 2026/114", CancellationToken.None);
        Assert.True(set.IsSuccess, set.Error?.Code);

        var order = await _data.OrderAsync(customer);

        await using var db = await _data.Contexts.CreateDbContextAsync();
        var invoice = await db.Invoices().Include(i => i.Lines).SingleAsync(i => i.Id == order.InvoiceId);
        Assert.True(invoice.Buyer.TaxExempt);
        Assert.Equal((Zar(16435), Zar(0)), (invoice.NetTotal, invoice.TaxTotal));
        Assert.All(invoice.Lines, l => Assert.Equal(TaxTreatment.Exempt, l.TaxTreatment));
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == TaxAdministration.CustomerTaxAction).ToListAsync());
        Assert.Contains("certificate 2026/114", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlaceOrder_SouthAfricanCustomer_InvoiceLinesCarryIncludedVatAndTheReviewMatches()
    {
        var customer = _data.AddCustomer();
        var review = await new OrderReviewQuery(_data.Contexts, new QuoteOrder(_data.Contexts, new SubscriptionTariffUsage(_data.Contexts), _data.Time), Policy())
            .ExecuteAsync(new OrderReviewRequest(customer, _data.Refunds.Provisioning.TariffId(), BillingPeriod.Month1, null, null, "r1"), CancellationToken.None);

        var order = await _data.OrderAsync(customer);

        await using var db = await _data.Contexts.CreateDbContextAsync();
        var invoice = await db.Invoices().Include(i => i.Lines).SingleAsync(i => i.Id == order.InvoiceId);
        Assert.Equal((Zar(16435), Zar(2465), Zar(18900)), (invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal));
        Assert.Equal(1500, Assert.Single(invoice.Lines).TaxRateBasisPoints);
        Assert.True(review.Value!.TaxApplies);
        Assert.Equal((invoice.NetTotal, invoice.TaxTotal, invoice.GrossTotal), (review.Value.NetTotal, review.Value.TaxTotal, review.Value.GrossTotal));
    }

    [Fact]
    public async Task SetCustomerAsync_ExemptWithoutReason_IsRefusedAndNothingChanges()
    {
        var customer = _data.AddCustomer();

        var result = await _data.Taxes().SetCustomerAsync(_data.AdminId, customer, true, "  ", CancellationToken.None);

        Assert.Equal("billing.tax_exempt_reason_required", result.Error?.Code);
        Assert.False((await _data.Taxes().CustomerAsync(customer, CancellationToken.None)).Exempt);
    }

    [Fact]
    public async Task SaveRuleAsync_BySupportAgent_IsRefused()
    {
        var result = await _data.Taxes().SaveRuleAsync(_data.SupportId, new TaxRuleInput("DE", "MwSt", 1900, true, true), isNew: true, CancellationToken.None);

        Assert.Equal(TaxErrors.ActorNotAdmin.Code, result.Error?.Code);
    }

    [Theory]
    [InlineData("XX", "VAT", 1500, "billing.tax_country_invalid")]
    [InlineData("DE", "", 1500, "billing.tax_name_required")]
    [InlineData("DE", "MwSt", 10001, "billing.tax_rate_invalid")]
    [InlineData("DE", "MwSt", -1, "billing.tax_rate_invalid")]
    [InlineData("ZA", "VAT", 1500, "billing.tax_rule_exists")]
    public async Task SaveRuleAsync_InvalidInput_IsRefusedWithItsCode(string country, string name, int rate, string code)
    {
        var result = await _data.Taxes().SaveRuleAsync(_data.AdminId, new TaxRuleInput(country, name, rate, true, false), isNew: true, CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public async Task SaveRuleAsync_EditSouthAfrica_ChangesRateAndIsAudited()
    {
        var result = await _data.Taxes().SaveRuleAsync(_data.AdminId, new TaxRuleInput("ZA", "VAT", 1600, false, false), isNew: false, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Code);
        var overview = await _data.Taxes().OverviewAsync(CancellationToken.None);
        var za = Assert.Single(overview.Rules);
        Assert.Equal((1600, false), (za.RateBasisPoints, za.PricesIncludeTax));
        Assert.DoesNotContain(overview.Suggestions, s => s.CountryCode == "ZA");
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var audit = Assert.Single(await db.AuditEntries.Where(a => a.Action == TaxAdministration.RuleSavedAction).ToListAsync());
        Assert.Contains("1500", audit.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("1600", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteRuleAsync_SouthAfrica_BuyersThereAreNoLongerTaxed()
    {
        Assert.True((await _data.Taxes().DeleteRuleAsync(_data.AdminId, "ZA", CancellationToken.None)).IsSuccess);

        var tax = await Policy().TaxForAsync(new InvoiceBuyer("Thandi", null, "ZA", null), Zar(11500), CancellationToken.None);

        Assert.Equal((TaxTreatment.NoRule, Zar(11500)), (tax.Treatment, tax.Net));
        Assert.Equal("billing.tax_rule_not_found", (await _data.Taxes().DeleteRuleAsync(_data.AdminId, "ZA", CancellationToken.None)).Error?.Code);
    }
}
