namespace GameHost.App.Components.Layout;

/// <summary>Marker for the error bar's and the reconnect dialog's strings (ConnectionText.resx, ConnectionText.es.resx).</summary>
public sealed class ConnectionText;
