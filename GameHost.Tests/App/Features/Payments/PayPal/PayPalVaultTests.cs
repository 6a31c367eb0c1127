using GameHost.Domain.Common;
using GameHost.Domain.Payments.Gateways;
using GameHost.Tests.TestSupport;

namespace GameHost.Tests.App.Features.Payments.PayPal;

/// <summary>Contract §2.12: saving PayPal while paying, and charging the saved method without the buyer.</summary>
public sealed class PayPalVaultTests
{
    private static readonly Money Usd = Money.FromMinor(1250, "USD");

    [Fact]
    public async Task ConfirmAsync_CheckoutAskedToSave_ReportsSavedMethod()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        var attemptId = Guid.NewGuid();
        var started = await paypal.Gateway.StartCheckoutAsync(paypal.Account, PayPalHarness.Checkout(attemptId, Usd, saveMethod: true), CancellationToken.None);
        paypal.Fake.ApproveOrder(started.GatewayReference!);

        var result = await paypal.Gateway.ConfirmAsync(paypal.Account, paypal.Snapshot(attemptId, Usd, started.GatewayReference), CancellationToken.None);

        var vault = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.CreateOrder)).Json!["payment_source"]!["paypal"]!["attributes"]!["vault"]!;
        Assert.Equal("ON_SUCCESS", vault["store_in_vault"]!.GetValue<string>());
        Assert.Equal("MERCHANT", vault["usage_type"]!.GetValue<string>());
        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.NotNull(result.SavedMethod);
        var order = paypal.Fake.Orders[started.GatewayReference!];
        Assert.Equal(order.VaultId, result.SavedMethod!.MethodReference);
        Assert.Equal(order.CustomerId, result.SavedMethod.CustomerReference);
        Assert.Contains("player.one@example.test", result.SavedMethod.Label, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_SavedToken_CapturedWithChargeKey()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.VaultTokens["VT-saved-1"] = "CUST-1";
        var attemptId = Guid.NewGuid();

        var result = await paypal.Gateway.ChargeSavedMethodAsync(paypal.Account,
            new SavedMethodCharge(attemptId, "CUST-1", "VT-saved-1", Usd, "Renewal INV-2026-000200"), CancellationToken.None);

        Assert.Equal(GatewayOutcome.Succeeded, result.Outcome);
        Assert.Equal(Assert.Single(paypal.Fake.Captures.Values).Id, result.TransactionId);
        var request = Assert.Single(paypal.Fake.RequestsTo(PayPalRoute.CreateOrder));
        Assert.Equal($"charge-{attemptId}", request.Header("PayPal-Request-Id"));
        Assert.Equal("VT-saved-1", request.Json!["payment_source"]!["paypal"]!["vault_id"]!.GetValue<string>());
        Assert.Equal(attemptId.ToString(), request.Json!["purchase_units"]![0]!["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_CompletedOrderWithDeclinedCapture_Failed()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.VaultTokens["VT-saved-1"] = "CUST-1";
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.CaptureWithStatus("DECLINED"));

        var result = await paypal.Gateway.ChargeSavedMethodAsync(paypal.Account,
            new SavedMethodCharge(Guid.NewGuid(), "CUST-1", "VT-saved-1", Usd, "Renewal"), CancellationToken.None);

        Assert.Equal("COMPLETED", Assert.Single(paypal.Fake.Orders.Values).Status);
        Assert.Equal(GatewayOutcome.Failed, result.Outcome);
        Assert.NotNull(result.TransactionId);
    }

    [Fact]
    public async Task ChargeSavedMethodAsync_ChargedThenTimeout_RetryReturnsSameCapture()
    {
        await using var paypal = await PayPalHarness.StartAsync();
        paypal.Fake.VaultTokens["VT-saved-1"] = "CUST-1";
        paypal.Fake.Inject(PayPalRoute.CreateOrder, PayPalFault.CommitThen(PayPalFault.Hang()));
        var charge = new SavedMethodCharge(Guid.NewGuid(), "CUST-1", "VT-saved-1", Usd, "Renewal");

        var lost = await paypal.DriveAsync(paypal.Gateway.ChargeSavedMethodAsync(paypal.Account, charge, CancellationToken.None), TimeSpan.FromSeconds(1));
        var retried = await paypal.Gateway.ChargeSavedMethodAsync(paypal.Account, charge, CancellationToken.None);

        Assert.Equal(GatewayOutcome.Unknown, lost.Outcome);
        Assert.Equal(GatewayOutcome.Succeeded, retried.Outcome);
        Assert.Equal(Assert.Single(paypal.Fake.Captures.Values).Id, retried.TransactionId);
    }
}
