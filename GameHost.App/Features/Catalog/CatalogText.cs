namespace GameHost.App.Features.Catalog;

/// <summary>Marker for the catalog feature's strings (CatalogText.resx, CatalogText.es.resx).</summary>
public sealed class CatalogText;
