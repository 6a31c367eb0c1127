namespace GameHost.App.Components.Layout;

/// <summary>Marker for the shell's strings (LayoutText.resx, LayoutText.es.resx).</summary>
public sealed class LayoutText;
