using Bunit;
using GameHost.App.Features.Ordering;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.App.Features.Ordering;

/// <summary>The order form in the cabinet, driven like a customer would, over the real catalog and billing Domain.</summary>
public class OrderWizardTests : OrderPageContext
{
    private int Subscriptions()
    {
        using var db = Data.Database.CreateDbContext();
        return db.Subscriptions().Count();
    }

    /// <summary>From the catalog's link for Paper 4 GB: New York, 3 months, named, up to the review.</summary>
    private IRenderedComponent<OrderPage> FillUpToReview(string serverName = "Carlos SMP")
    {
        var page = Open("/cabinet/order?tariff=paper-4gb");
        Pick(page, "location-option", "location", "2");
        page.WaitForAssertion(() => page.Find("[data-testid=period-option]"));
        Pick(page, "period-option", "period", nameof(BillingPeriod.Month3));
        page.WaitForAssertion(() => page.Find("[data-testid=addon-row]"));
        page.Find("[data-testid=order-next]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=server-name]"));
        Type(page.Find("[data-testid=server-name]"), serverName);
        page.Find("[data-testid=order-next]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=review-total]"));
        return page;
    }

    [Fact]
    public void Open_WithCatalogLink_StartsOnLocationWithThePlanChosen()
    {
        SignIn(Data.AddCustomer());

        var page = Open("/cabinet/order?tariff=paper-4gb");

        Assert.Equal(["1", "2"], page.FindAll("[data-testid=location-option]").Select(o => o.GetAttribute("data-location")));
        Assert.Contains("Location 2", page.Find("[data-testid=location-options]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Paper 4 GB", page.Find("[data-testid=order-stepper]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WithoutLink_WalksGameAndPlan()
    {
        SignIn(Data.AddCustomer());
        var page = Open();

        page.Find("[data-testid=game-option][data-game=rust]").Click();
        // Three sizes paid per period and the pay-as-you-go Rust 8 GB daily.
        page.WaitForAssertion(() => Assert.Equal(["rust-8gb", "rust-12gb", "rust-16gb", "rust-daily"],
            page.FindAll("[data-testid=tariff-option]").Select(o => o.GetAttribute("data-slug"))));
        Assert.Contains("R220.15", page.Find("[data-testid=tariff-option][data-slug=rust-8gb]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=tariff-option][data-slug=rust-8gb] [data-testid=tariff-choose]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=location-option]").Count));
    }

    [Fact]
    public async Task Place_FilledForm_PlacesOneOrderAndOpensItsInvoice()
    {
        var customer = Data.AddCustomer();
        SignIn(customer);
        var page = FillUpToReview();

        // Paper 4 GB in ZAR for 3 months, 5 % off: R 538.65, South African VAT (15 %) included: 538.65 × 15 / 115 = R 70.26.
        Assert.Equal("R538.65", page.Find("[data-testid=review-total]").TextContent.Trim());
        var tax = page.Find("[data-testid=review-tax]").TextContent;
        Assert.Contains("R70.26", tax, StringComparison.Ordinal);
        page.Find("[data-testid=place-order]").Click();

        page.WaitForAssertion(() => Assert.Matches("/cabinet/billing/invoices/[0-9a-f-]{36}\\?placed=1$", Navigation.Uri));
        await using var db = Data.Database.CreateDbContext();
        var subscription = await db.Subscriptions().SingleAsync();
        var invoice = await db.Invoices().SingleAsync();
        Assert.Equal((customer, 2, "Carlos SMP", BillingPeriod.Month3), (subscription.CustomerId, subscription.LocationId, subscription.ServerName, subscription.Period));
        Assert.Equal(new Money(53865, Currency.ZAR), invoice.GrossTotal);
        Assert.Equal(new Money(7026, Currency.ZAR), invoice.TaxTotal);
        Assert.Contains(invoice.Id.ToString("D"), Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_ClickedTwice_MakesOneOrder()
    {
        SignIn(Data.AddCustomer());
        var page = FillUpToReview();
        var place = page.Find("[data-testid=place-order]");

        place.Click();
        page.Find("[data-testid=place-order]").Click();

        page.WaitForAssertion(() => Assert.Contains("/cabinet/billing/invoices/", Navigation.Uri, StringComparison.Ordinal));
        Assert.Equal(1, Subscriptions());
    }

    [Fact]
    public void Next_ServerVariableBreaksEggRule_ShowsMessageAtTheFieldAndStays()
    {
        SignIn(Data.AddCustomer());
        var page = Open("/cabinet/order?tariff=paper-4gb");
        Pick(page, "location-option", "location", "1");
        Pick(page, "period-option", "period", nameof(BillingPeriod.Month1));
        page.Find("[data-testid=order-next]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=server-name]"));

        Type(page.Find("[data-testid=server-name]"), "bad/name");
        Type(page.Find("[data-testid=variable-BUILD_NUMBER]"), new string('9', 21));
        page.Find("[data-testid=order-next]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            ["Use 1–40 letters, digits, spaces or dashes.", "At most 20 characters."],
            page.FindAll(".mud-input-error .mud-input-helper-text, .mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim())));
        Assert.Empty(page.FindAll("[data-testid=review-total]"));
    }

    [Fact]
    public void Place_LocationFull_ExplainsAndSwitchesToTheLocationThatCan()
    {
        Data.Capacity.Answer = CapacityAnswer.No([1]);
        SignIn(Data.AddCustomer());
        var page = FillUpToReview();

        page.Find("[data-testid=place-order]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            "Location 2 cannot take this server right now. Location 1 can.",
            page.Find("[data-testid=order-error-text]").TextContent.Trim()));
        Assert.Equal(0, Subscriptions());

        Data.Capacity.Answer = CapacityAnswer.Yes;
        page.Find("[data-testid=switch-location][data-location='1']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=order-error]")));
        Assert.Contains("Location 1", page.Find("[data-testid=review-summary]").TextContent, StringComparison.Ordinal);
        page.Find("[data-testid=place-order]").Click();

        page.WaitForAssertion(() => Assert.Contains("/cabinet/billing/invoices/", Navigation.Uri, StringComparison.Ordinal));
        using var db = Data.Database.CreateDbContext();
        Assert.Equal(1, db.Subscriptions().Single().LocationId);
    }

    [Fact]
    public void Place_PanelCannotBeAsked_SaysNothingWasChargedAndWritesNothing()
    {
        Data.Capacity.Answer = CapacityAnswer.Unknown;
        SignIn(Data.AddCustomer());
        var page = FillUpToReview();

        page.Find("[data-testid=place-order]").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "We cannot confirm right now that Location 2 can host this server. Nothing was charged",
            page.Find("[data-testid=order-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=switch-location]"));
        Assert.Equal(0, Subscriptions());
    }

    [Fact]
    public void ApplyPromo_Welcome10_DiscountsTheReview()
    {
        SignIn(Data.AddCustomer());
        var page = FillUpToReview();

        Type(page.Find("[data-testid=promo-code]"), "welcome10");
        page.Find("[data-testid=promo-apply]").Click();

        // 10 % off R 538.65 = R 53.87 (rounded half away from zero).
        page.WaitForAssertion(() => Assert.Equal("R484.78", page.Find("[data-testid=review-total]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=review-line][data-kind=Discount]"));
        Assert.Contains("WELCOME10", page.Find("[data-testid=promo-applied]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ApplyPromo_UnknownCode_ShowsMessageAtTheFieldAndKeepsThePrice()
    {
        SignIn(Data.AddCustomer());
        var page = FillUpToReview();

        Type(page.Find("[data-testid=promo-code]"), "NOPE");
        page.Find("[data-testid=promo-apply]").Click();

        page.WaitForAssertion(() => Assert.Contains("This promo code does not exist.", page.Markup, StringComparison.Ordinal));
        Assert.Equal("R538.65", page.Find("[data-testid=review-total]").TextContent.Trim());
    }

    [Fact]
    public void Open_CustomerWithoutBillingProfile_IsSentToCompleteItWithAWayBack()
    {
        SignIn(Data.AddCustomer(withProfile: false));

        var page = Open("/cabinet/order?tariff=paper-4gb");

        var link = page.Find("[data-testid=order-complete-profile]");
        Assert.Equal("/account/manage?returnUrl=" + Uri.EscapeDataString("/cabinet/order?tariff=paper-4gb"), link.GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=order-stepper]"));
    }

    [Fact]
    public void Open_HiddenLinkTariffBySlug_OffersIt()
    {
        Data.AddTariff("partner-deal", TariffVisibility.HiddenLink);
        SignIn(Data.AddCustomer());

        var page = Open("/cabinet/order?tariff=partner-deal");

        Assert.Empty(page.FindAll("[data-testid=order-link-problem]"));
        // Its one location is chosen already, so the form opens on the period; two steps back is the plan.
        page.WaitForAssertion(() => page.Find("[data-testid=period-option]"));
        page.Find("[data-testid=order-back]").Click();
        page.Find("[data-testid=order-back]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=tariff-option][data-slug=partner-deal]"));
    }

    [Fact]
    public void Open_StaffOnlyTariffBySlug_IsRefusedInWords()
    {
        Data.AddTariff("staff-special", TariffVisibility.StaffOnly);
        SignIn(Data.AddCustomer());

        var page = Open("/cabinet/order?tariff=staff-special");

        Assert.Equal("This plan cannot be ordered.", page.Find("[data-testid=order-link-problem]").TextContent.Trim());
        Assert.NotEmpty(page.FindAll("[data-testid=game-option]"));
    }

    [Fact]
    public void Open_InSpanish_ShowsSpanishSteps()
    {
        UseCulture("es-ES");
        SignIn(Data.AddCustomer());

        var page = Open("/cabinet/order?tariff=paper-4gb");

        Assert.Contains("Ubicación", page.Find("[data-testid=order-stepper]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Ubicación 1", page.Find("[data-testid=location-options]").TextContent, StringComparison.Ordinal);
    }
}
