namespace GameHost.App.Features.Payments;

/// <summary>Marker for the payments texts (<c>PaymentsText.resx</c> and its translations).</summary>
public sealed class PaymentsText;
