namespace GameHost.App.Features.Billing.Admin.Invoices;

/// <summary>Marker for the staff invoice pages' strings (InvoicesAdminText.resx, InvoicesAdminText.es.resx).</summary>
public sealed class InvoicesAdminText;
