namespace GameHost.App.Features.Payments.Gateways.PayPal;

/// <summary>Marker for the PayPal adapter's texts (<c>PayPalText.resx</c> and its translations).</summary>
public sealed class PayPalText;
