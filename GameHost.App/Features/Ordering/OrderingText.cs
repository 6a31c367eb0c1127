namespace GameHost.App.Features.Ordering;

/// <summary>Marker for the order form's strings (OrderingText.resx, OrderingText.es.resx).</summary>
public sealed class OrderingText;
