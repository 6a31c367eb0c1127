namespace GameHost.App.Features.Billing.Admin.Taxes;

/// <summary>Marker for the tax pages' strings (TaxesAdminText.resx, TaxesAdminText.es.resx).</summary>
public sealed class TaxesAdminText;
