namespace GameHost.App.Features.Catalog.Public;

/// <summary>
/// Marker for the public catalog's strings (PublicCatalogText.resx, PublicCatalogText.es.resx), shared with the order
/// form for the words that describe a tariff. Kept apart from the staff editor's strings so the two evolve separately.
/// </summary>
public sealed class PublicCatalogText;
