using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A USD customer pays an invoice through PayPal in a real browser: the app creates the order at the fake PayPal, the
/// browser approves on its approval page and comes back to our return URL (with <c>token</c> and <c>PayerID</c>), the
/// app captures, and the fake's <c>CHECKOUT.ORDER.APPROVED</c> and <c>PAYMENT.CAPTURE.COMPLETED</c> webhooks race the
/// return — one capture at PayPal, one payment here. PayPal has no ZAR, so a ZAR customer is never offered it.
/// </summary>
[Collection(PaymentFlowsCollection.Name)]
public sealed class PaymentsPayPalFlowTests(PaymentFlowsFixture fixture)
{
    [Fact]
    public Task Customer_PaysAnInvoiceThroughPayPal_OneCaptureInvoicePaidOnceAndTheLedgerShowsOnePayment() =>
        fixture.RunAsync(nameof(Customer_PaysAnInvoiceThroughPayPal_OneCaptureInvoicePaidOnceAndTheLedgerShowsOnePayment), async page =>
    {
        await PaymentFlowSteps.RegisterCustomerAsync(page, fixture.App, "US");
        var balanceBefore = await PaymentFlowSteps.BalanceAsync(page);
        await PaymentFlowSteps.PlaceOrderAsync(page);
        var invoiceNumber = await PaymentFlowSteps.InvoiceNumberAsync(page);
        var gross = Regex.Match(await page.GetByTestId("invoice-gross").InnerTextAsync(), @"[0-9][0-9,]*\.[0-9]{2}").Value.Replace(",", "", StringComparison.Ordinal);
        Assert.NotEmpty(gross);

        // A USD invoice: PayPal is offered, PayFast (ZAR only) is not.
        var paypal = page.GetByTestId("pay-with-paypal");
        await Assertions.Expect(paypal).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("pay-with-payfast")).ToHaveCountAsync(0);
        await PaymentFlowSteps.ClickUntilAtAsync(page, paypal, new Regex("^" + Regex.Escape(fixture.PayPal.BaseUrl) + "/checkoutnow\\?token=[A-Z0-9]+$"));

        // PayPal's approval page (the fake's), reached through the order's payer-action link.
        var orderId = new Uri(page.Url).Query["?token=".Length..];
        var order = fixture.PayPal.Orders[orderId];
        Assert.Equal(("USD", gross), (order.CurrencyCode, order.Value));
        await Assertions.Expect(page.Locator("#amount")).ToHaveTextAsync($"{order.Value} USD");
        await ScreenTourTests.SaveAsync(page, "paypal-approval-page");
        await page.Locator("#approve").ClickAsync();

        await page.WaitForURLAsync(PaymentFlowSteps.ReturnedToInvoice());
        await Assertions.Expect(page.GetByTestId("invoice-status")).ToHaveTextAsync("Paid");
        await Assertions.Expect(page.GetByTestId("pay-paid")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "invoice-paid-by-paypal");

        // At PayPal: the order captured once (return and webhook both asked, under one PayPal-Request-Id).
        var attemptId = Regex.Match(page.Url, "attempt=([0-9a-f-]{36})").Groups[1].Value;
        Assert.Equal(attemptId, order.CustomId);
        var capture = Assert.Single(fixture.PayPal.Captures.Values, c => c.OrderId == orderId);
        Assert.Equal("COMPLETED", capture.Status);
        Assert.All(fixture.PayPal.RequestsTo(PayPalRoute.Capture).Where(r => r.Path.Contains(orderId, StringComparison.Ordinal)),
            r => Assert.Equal("capture-" + attemptId, r.Header("PayPal-Request-Id")));
        var events = await DeliveredAsync(2);
        Assert.Equal(new[] { "CHECKOUT.ORDER.APPROVED", "PAYMENT.CAPTURE.COMPLETED" }, events.Select(e => e.EventType).Order(StringComparer.Ordinal).ToArray());
        Assert.All(events, e => Assert.Equal(200, e.Status));

        await PaymentFlowSteps.ExpectStaffSeeOnePaymentAsync(fixture, capture.Id, events.Select(e => e.EventId).ToList());
        await PaymentFlowSteps.ExpectOneLedgerPaymentAsync(page, "paypal", capture.Id, invoiceNumber);
        Assert.Equal(balanceBefore, await PaymentFlowSteps.BalanceAsync(page));
    });

    [Fact]
    public Task Customer_ZarInvoice_PayPalNotOfferedCardAndPayFastAre() =>
        fixture.RunAsync(nameof(Customer_ZarInvoice_PayPalNotOfferedCardAndPayFastAre), async page =>
    {
        await PaymentFlowSteps.RegisterCustomerAsync(page, fixture.App, "ZA");
        await PaymentFlowSteps.PlaceOrderAsync(page);
        await Assertions.Expect(page.GetByTestId("invoice-gross")).ToHaveTextAsync("R538.65");

        var options = page.GetByTestId("pay-option");
        await Assertions.Expect(page.GetByTestId("pay-with-stripe")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("pay-with-payfast")).ToBeVisibleAsync();
        await Assertions.Expect(options.And(page.Locator("[data-gateway=paypal]"))).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("pay-with-paypal")).ToHaveCountAsync(0);
        Assert.DoesNotContain(fixture.PayPal.Received, r => r.Route == PayPalRoute.CreateOrder && r.Body.Contains("\"ZAR\"", StringComparison.Ordinal));
    });

    /// <summary>PayPal sends its webhooks on its own time: waits (bounded) until it has delivered at least this many for this test.</summary>
    private async Task<IReadOnlyList<(string EventId, string EventType, int Status)>> DeliveredAsync(int count)
    {
        for (var i = 0; i < 150 && fixture.PayPal.Delivered.Count < count; i++)
        {
            await Task.Delay(100);
        }

        return [.. fixture.PayPal.Delivered];
    }
}
