namespace GameHost.Domain.Provisioning.PanelCatalog;

/// <summary>How much of a node is left, the way the panel's own deployment counts it (contract §6.3).</summary>
public static class NodeCapacity
{
    /// <summary>
    /// <c>capacity × (1 + overallocate/100) − allocated</c>, never below zero. An overallocation of -1 is not
    /// "unlimited": the panel's formula turns it into ×0.99 (pterodactyl/panel#4040), and so does this one.
    /// </summary>
    public static int Free(int capacityMb, int overallocatePercent, int allocatedMb)
    {
        var limit = (long)capacityMb * (100 + overallocatePercent) / 100;
        return (int)Math.Clamp(limit - allocatedMb, 0, int.MaxValue);
    }
}
