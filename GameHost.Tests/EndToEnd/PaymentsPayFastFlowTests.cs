using System.Text.RegularExpressions;
using GameHost.Tests.TestSupport;
using Microsoft.Playwright;

namespace GameHost.Tests.EndToEnd;

/// <summary>
/// A customer pays a ZAR invoice through PayFast in a real browser: the cabinet posts the signed form to the fake
/// PayFast's <c>/eng/process</c>, the buyer completes the payment there, the fake sends its signed ITN to our
/// <c>notify_url</c> (checked: signature, source, data, and the validate postback) and sends the buyer back. PayFast
/// confirms only by ITN, so the invoice turns Paid once the ITN is processed — once.
/// </summary>
[Collection(PaymentFlowsCollection.Name)]
public sealed class PaymentsPayFastFlowTests(PaymentFlowsFixture fixture)
{
    [Fact]
    public Task Customer_PaysAnInvoiceThroughPayFast_InvoicePaidOnceByTheItnAndTheLedgerShowsOnePayment() =>
        fixture.RunAsync(nameof(Customer_PaysAnInvoiceThroughPayFast_InvoicePaidOnceByTheItnAndTheLedgerShowsOnePayment), async page =>
    {
        await PaymentFlowSteps.RegisterCustomerAsync(page, fixture.App, "ZA");
        var balanceBefore = await PaymentFlowSteps.BalanceAsync(page);
        await PaymentFlowSteps.PlaceOrderAsync(page);
        var invoiceNumber = await PaymentFlowSteps.InvoiceNumberAsync(page);

        // PayFast hands the cabinet a signed form; the buyer's browser posts it to PayFast.
        var form = page.GetByTestId("pay-redirect-form");
        await PaymentFlowSteps.ClickUntilVisibleAsync(page.GetByTestId("pay-with-payfast"), form);
        await Assertions.Expect(form.Locator("input[name=custom_str1]")).ToHaveCountAsync(1);
        await ScreenTourTests.SaveAsync(page, "payfast-continue");
        await form.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("^" + Regex.Escape(fixture.PayFast.ProcessUrl.ToString()) + "$"));
        Assert.Empty(fixture.PayFast.RejectedForms);

        await Assertions.Expect(page.Locator("#amount")).ToHaveTextAsync("R 538.65");
        await ScreenTourTests.SaveAsync(page, "payfast-hosted-page");
        await page.Locator("#pay").ClickAsync();

        await page.WaitForURLAsync(PaymentFlowSteps.ReturnedToInvoice());
        await PaymentFlowSteps.WaitUntilPaidAsync(page);
        await Assertions.Expect(page.GetByTestId("pay-paid")).ToBeVisibleAsync();
        await ScreenTourTests.SaveAsync(page, "invoice-paid-by-payfast");

        // One ITN, answered 200, and checked with PayFast's validate postback before it moved money.
        var (pfPaymentId, status, answered) = Assert.Single(fixture.PayFast.Delivered);
        Assert.Equal(("COMPLETE", 200), (status, answered));
        Assert.Contains(fixture.PayFast.Received, r => r.Path == "/eng/query/validate" && r.Body.Contains("pf_payment_id=" + pfPaymentId, StringComparison.Ordinal));

        await PaymentFlowSteps.ExpectStaffSeeOnePaymentAsync(fixture, pfPaymentId, [$"{pfPaymentId}:COMPLETE"]);
        await PaymentFlowSteps.ExpectOneLedgerPaymentAsync(page, "payfast", pfPaymentId, invoiceNumber);
        Assert.Equal(balanceBefore, await PaymentFlowSteps.BalanceAsync(page));
    });
}
