namespace GameHost.Domain.Catalog;

/// <summary>A game the host sells servers for; tariffs are grouped by it in the catalog.</summary>
public sealed class Game
{
    public Guid Id { get; set; }

    /// <summary>A stable, URL-safe key such as <c>minecraft-java</c>.</summary>
    public string Key { get; set; } = "";

    public LocalizedText Name { get; set; } = LocalizedText.Same("");

    public int DisplayOrder { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
