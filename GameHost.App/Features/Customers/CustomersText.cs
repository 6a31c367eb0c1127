namespace GameHost.App.Features.Customers;

/// <summary>Marker for the customers feature's strings (CustomersText.resx, CustomersText.es.resx).</summary>
public sealed class CustomersText;
