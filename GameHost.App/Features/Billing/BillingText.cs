namespace GameHost.App.Features.Billing;

/// <summary>Marker for the billing feature's strings (BillingText.resx, BillingText.es.resx).</summary>
public sealed class BillingText;
