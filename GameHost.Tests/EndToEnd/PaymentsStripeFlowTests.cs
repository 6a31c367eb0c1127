using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A customer pays an invoice through Stripe Checkout in a real browser: the app creates the Checkout Session at the
/// fake Stripe, the browser pays on its hosted page, the fake delivers <c>checkout.session.completed</c> and
/// <c>payment_intent.succeeded</c> before sending the buyer back, and the return, the two events and the one recording
/// path together leave exactly one payment.
/// </summary>
[Collection(PaymentFlowsCollection.Name)]
public sealed class PaymentsStripeFlowTests(PaymentFlowsFixture fixture)
{
    [Fact]
    public Task Customer_PaysAnInvoiceThroughStripeCheckout_InvoicePaidOnceAndTheLedgerShowsOnePayment() =>
        fixture.RunAsync(nameof(Customer_PaysAnInvoiceThroughStripeCheckout_InvoicePaidOnceAndTheLedgerShowsOnePayment), async page =>
    {
        await PaymentFlowSteps.RegisterCustomerAsync(page, fixture.App, "ZA");
        var balanceBefore = await PaymentFlowSteps.BalanceAsync(page);
        await PaymentFlowSteps.PlaceOrderAsync(page);
        var invoiceNumber = await PaymentFlowSteps.InvoiceNumberAsync(page);
        await Assertions.Expect(page.GetByTestId("invoice-gross")).ToHaveTextAsync("R538.65");

        var stripe = page.GetByTestId("pay-with-stripe");
        await Assertions.Expect(stripe).ToContainTextAsync("Card (Stripe)");
        await PaymentFlowSteps.ClickUntilAtAsync(page, stripe, new Regex("^" + Regex.Escape(fixture.Stripe.BaseAddress.ToString()) + "pay/cs_test_"));

        // Stripe's hosted page (the fake's): the amount in minor units, as the session was created.
        await Assertions.Expect(page.Locator("#amount")).ToHaveTextAsync("53865 ZAR (minor units)");
        await ScreenTourTests.SaveAsync(page, "stripe-hosted-checkout");
        await page.Locator("#pay").ClickAsync();

        await page.WaitForURLAsync(PaymentFlowSteps.ReturnedToInvoice());
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("pay-paid")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "invoice-paid-by-stripe");

        // At Stripe: one session for the attempt, paid once, and both events taken in by the app.
        var attemptId = Regex.Match(page.Url, "attempt=([0-9a-f-]{36})").Groups[1].Value;
        var intent = Assert.Single(fixture.Stripe.Intents, i => i["metadata"]?["attempt_id"]?.GetValue<string>() == attemptId);
        Assert.Equal("succeeded", intent["status"]!.GetValue<string>());
        Assert.Equal(53865L, intent["amount_received"]!.GetValue<long>());
        var transactionId = intent["id"]!.GetValue<string>();
        var delivered = fixture.Stripe.Delivered.ToList();
        Assert.Equal(new[] { "checkout.session.completed", "payment_intent.succeeded" }, delivered.Select(d => d.Type).ToArray());
        Assert.All(delivered, d => Assert.Equal(200, d.Status));

        // Exactly once: the payment credited and spent on this invoice once; the balance is where it was.
        await PaymentFlowSteps.ExpectStaffSeeOnePaymentAsync(fixture, transactionId, delivered.Select(d => d.EventId).ToList());
        await PaymentFlowSteps.ExpectOneLedgerPaymentAsync(page, "stripe", transactionId, invoiceNumber);
        Assert.Equal(balanceBefore, await PaymentFlowSteps.BalanceAsync(page));
    });
}
