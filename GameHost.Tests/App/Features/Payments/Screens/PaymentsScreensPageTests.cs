using System.Globalization;
using System.Resources;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using GameHost.App.Features.Payments;
using GameHost.App.Features.Payments.Admin;
using GameHost.App.Features.Payments.Cabinet;
using GameHost.App.Features.Payments.Gateways.Demo;
using GameHost.App.Features.Payments.Gateways.PayFast;
using GameHost.App.Features.Payments.Gateways.PayPal;
using GameHost.App.Features.Payments.Gateways.Stripe;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Payments.Gateways;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace GameHost.Tests.App.Features.Payments.Screens;

/// <summary>The payments screens in bUnit over SQLite with the real migrations and a scripted gateway.</summary>
public sealed class PaymentsScreensPageTests : PaymentsPageContext
{
    private async Task<(Guid Customer, Guid Invoice, Money Total, Guid Payment)> PaidAsync(Func<Money, long>? paidMinor = null)
    {
        var account = await Host.AddAccountAsync();
        var (customer, invoice, total) = await Host.OpenInvoiceAsync();
        if (paidMinor is not null)
        {
            Host.Gateway.OnConfirm = a => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{a.AttemptId:N}", Amount: new Money(paidMinor(total), total.Currency));
        }

        var started = await Host.Get<StartPayment>().ExecuteAsync(new StartPaymentCommand(customer, account, PaymentPurpose.Invoice, invoice, null, "pay"), CancellationToken.None);
        var back = await Host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        return (customer, invoice, total, back.Value!.PaymentId!.Value);
    }

    [Fact]
    public async Task PaymentDetailsPage_PartialRefundClickedTwice_OneRefundListedAndTheRestLeft()
    {
        var (_, _, total, payment) = await PaidAsync();
        SignIn(Host.AdminId, GameHost.Domain.Accounts.Roles.Admin);
        Providers();
        var page = Render<PaymentDetailsPage>(p => p.Add(x => x.Id, payment));
        page.WaitForAssertion(() => page.Find("[data-testid=refund-left]"));
        Assert.Contains(total.Format(CultureInfo.CurrentCulture), page.Find("[data-testid=refund-left]").TextContent, StringComparison.Ordinal);

        Type(page.Find("[data-testid=refund-amount]"), "10");
        Type(page.Find("[data-testid=refund-reason]"), "Server was down for a day");
        page.Find("[data-testid=refund-submit]").Click();
        page.Find("[data-testid=refund-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("refunded to the original method", page.Find("[data-testid=refund-result]").TextContent, StringComparison.Ordinal));
        Assert.Single(page.FindAll("[data-testid=payment-refund]"));
        Assert.Contains(new Money(total.Minor - 1000, total.Currency).Format(CultureInfo.CurrentCulture), page.Find("[data-testid=refund-left]").TextContent, StringComparison.Ordinal);
        await using var db = Host.Data.Database.CreateDbContext();
        var refund = await db.PaymentRefunds().SingleAsync();
        Assert.Equal((1000L, "Server was down for a day"), (refund.Amount.Minor, refund.Reason));
    }

    [Fact]
    public async Task PaymentDetailsPage_NoReasonOrTooMuch_FieldErrorsAndNothingRefunded()
    {
        var (_, _, total, payment) = await PaidAsync();
        SignIn(Host.AdminId, GameHost.Domain.Accounts.Roles.Admin);
        Providers();
        var page = Render<PaymentDetailsPage>(p => p.Add(x => x.Id, payment));
        page.WaitForAssertion(() => page.Find("[data-testid=refund-submit]"));

        Type(page.Find("[data-testid=refund-amount]"), (total.ToMajor() + 1).ToString(CultureInfo.CurrentCulture));
        page.Find("[data-testid=refund-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("Say why the money is given back.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("Enter an amount more than zero and at most", page.Markup, StringComparison.Ordinal);
        await using var db = Host.Data.Database.CreateDbContext();
        Assert.Empty(await db.PaymentRefunds().ToListAsync());
    }

    [Fact]
    public async Task ReviewTab_ReleaseHeldPayment_CreditedFlaggedAndGoneFromTheList()
    {
        var (customer, _, total, payment) = await PaidAsync(t => t.Minor + 700);
        SignIn(Host.AdminId, GameHost.Domain.Accounts.Roles.Admin);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/payments/review");
        var dialogs = Providers();
        var page = Render<GatewayActivityPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=held-review]"));

        page.Find("[data-testid=held-review]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=held-review-reason]"));
        dialogs.Find("[data-testid=held-release]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Say why the money is given back.", dialogs.Markup, StringComparison.Ordinal));
        Type(dialogs.Find("[data-testid=held-review-reason]"), "Customer confirmed the extra is a prepayment");
        dialogs.Find("[data-testid=held-release]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Released to the customer's balance.", dialogs.Find("[data-testid=held-review-result]").TextContent, StringComparison.Ordinal));
        dialogs.Find("[data-testid=held-review-done]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=held-row]")));
        await using var db = Host.Data.Database.CreateDbContext();
        var stored = await db.Payments().SingleAsync(p => p.Id == payment);
        Assert.Equal((false, PaymentFlag.Overpaid), (stored.HeldForReview, stored.Flag));
        Assert.Equal(new Money(700, total.Currency),
            await new GameHost.Domain.Billing.Ledger.CustomerBalanceQuery(Host.Data.Database).ExecuteAsync(customer, total.Currency, CancellationToken.None));
    }

    [Fact]
    public async Task PaymentMethodsPage_MoveUpAndRemove_OrderShownAndMethodForgotten()
    {
        var account = await Host.AddAccountAsync();
        var customer = Host.Data.AddCustomer();
        await using (var db = Host.Data.Database.CreateDbContext())
        {
            db.SavedPaymentMethods().AddRange(
                new SavedPaymentMethod { Id = Guid.NewGuid(), CustomerId = customer, GatewayAccountId = account, MethodReference = "pm_1", Label = "Visa •••• 4242", Priority = 1, CreatedAtUtc = Host.Data.NowUtc },
                new SavedPaymentMethod { Id = Guid.NewGuid(), CustomerId = customer, GatewayAccountId = account, MethodReference = "pm_2", Label = "Mastercard •••• 4444", Priority = 2, CreatedAtUtc = Host.Data.NowUtc });
            await db.SaveChangesAsync();
        }

        SignIn(customer, GameHost.Domain.Accounts.Roles.Customer);
        var page = Render<PaymentMethodsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=method-row]").Count));
        Assert.Contains("then your balance", page.Find("[data-testid=methods-explained]").TextContent, StringComparison.Ordinal);

        page.FindAll("[data-testid=method-up]")[1].Click();
        page.WaitForAssertion(() => Assert.Equal(["Mastercard •••• 4444", "Visa •••• 4242"], page.FindAll("[data-testid=method-label]").Select(l => l.TextContent)));
        page.FindAll("[data-testid=method-remove]")[0].Click();
        page.Find("[data-testid=method-remove-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("autopay will not use it again", page.Find("[data-testid=methods-message]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["Visa •••• 4242"], page.FindAll("[data-testid=method-label]").Select(l => l.TextContent));
        await using var after = Host.Data.Database.CreateDbContext();
        Assert.Equal("pm_1", (await after.SavedPaymentMethods().SingleAsync()).MethodReference);
    }

    [Fact]
    public async Task GatewayTopUpCard_BelowMinimumThenValid_RefusedThenStartsTheGatewayForThatAmount()
    {
        await Host.AddAccountAsync();
        var customer = Host.Data.AddCustomer();
        SignIn(customer, GameHost.Domain.Accounts.Roles.Customer);
        var card = Render<GatewayTopUpCard>(p => p.Add(x => x.CustomerId, customer).Add(x => x.Currency, Currency.ZAR));
        card.WaitForAssertion(() => card.Find("[data-testid=topup-online-amount]"));

        Type(card.Find("[data-testid=topup-online-amount]"), "2");
        card.Find("[data-testid=topup-online-continue]").Click();
        card.WaitForAssertion(() => Assert.Contains("Enter an amount from", card.Markup, StringComparison.Ordinal));
        Assert.Empty(card.FindAll("[data-testid=topup-online-methods]"));

        Type(card.Find("[data-testid=topup-online-amount]"), "125.50");
        card.Find("[data-testid=topup-online-continue]").Click();
        card.WaitForAssertion(() => card.Find("[data-testid=pay-with-scripted]"));
        card.Find("[data-testid=pay-with-scripted]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        card.WaitForAssertion(() => Assert.StartsWith("https://gateway.test/pay/", navigation.Uri, StringComparison.Ordinal));
        await using var db = Host.Data.Database.CreateDbContext();
        var attempt = await db.PaymentAttempts().SingleAsync();
        Assert.Equal((PaymentPurpose.TopUp, 12550L), (attempt.Purpose, attempt.Amount.Minor));
    }

    [Fact]
    public async Task GatewayTopUpCard_BackFromTheGateway_SaysTheTopUpArrived()
    {
        var account = await Host.AddAccountAsync();
        var customer = Host.Data.AddCustomer();
        var started = await Host.Get<StartPayment>().ExecuteAsync(
            new StartPaymentCommand(customer, account, PaymentPurpose.TopUp, null, new Money(5000, Currency.ZAR), "top"), CancellationToken.None);
        await Host.Get<ConfirmReturn>().ExecuteAsync(customer, started.Value!.AttemptId, CancellationToken.None);
        SignIn(customer, GameHost.Domain.Accounts.Roles.Customer);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/cabinet/billing/balance?attempt={started.Value.AttemptId:D}");

        var card = Render<GatewayTopUpCard>(p => p.Add(x => x.CustomerId, customer).Add(x => x.Currency, Currency.ZAR));

        card.WaitForAssertion(() => Assert.Equal("Succeeded", card.Find("[data-testid=topup-outcome]").GetAttribute("data-status")));
        Assert.Contains("arrived and is on your balance", card.Find("[data-testid=topup-outcome]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void GatewaySettingLabels_EveryAdapterField_HasEnglishAndSpanishText()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<TimeProvider>(TimeProvider.System);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddPayPalGateway();
        services.AddStripeGateway();
        services.AddPayFastGateway();
        using var provider = services.BuildServiceProvider();
        var gateways = provider.GetServices<IPaymentGateway>().Append(new DemoGateway(new DemoGatewayState(), TimeProvider.System)).ToList();
        var texts = new ResourceManager(typeof(PaymentsText));
        var english = CultureInfo.GetCultureInfo("en");
        var spanish = CultureInfo.GetCultureInfo("es");

        Assert.Equal(["demo", "payfast", "paypal", "stripe"], gateways.Select(g => g.Code).Order(StringComparer.Ordinal));
        foreach (var field in gateways.SelectMany(g => g.SettingFields.Select(f => (g.Code, f.Key))))
        {
            var key = $"Setting.{field.Code}.{field.Key}";
            var en = texts.GetString(key, english);
            var es = texts.GetString(key, spanish);
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            Assert.False(string.IsNullOrWhiteSpace(es), key);
            Assert.NotEqual(en, es);
        }
    }
}
