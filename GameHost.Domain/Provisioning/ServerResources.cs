using GameHost.Domain.Catalog;

namespace GameHost.Domain.Provisioning;

/// <summary>How many units of an add-on a server gets, and what one unit adds on the panel.</summary>
public sealed record AddOnAmount(AddOnUnit Unit, int AmountPerUnit, int Quantity);

/// <summary>
/// What one server takes from a node, in the panel's units (MiB, percent): the tariff version's resources and feature
/// limits plus the add-ons ordered with it. A server always needs one allocation (its primary port); extra ports
/// bought as add-ons are counted in <see cref="ExtraAllocations"/>.
/// </summary>
public sealed record ServerResources(int MemoryMb, int SwapMb, int DiskMb, int CpuPercent, int Databases, int Backups, int ExtraAllocations)
{
    /// <summary>The allocations the node must have free: the primary port and the extra ones.</summary>
    public int Allocations => 1 + ExtraAllocations;

    public static ServerResources For(ResourceLimits resources, FeatureLimits features, IEnumerable<AddOnAmount> addOns)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(addOns);
        var total = new ServerResources(resources.MemoryMb, resources.SwapMb, resources.DiskMb, resources.CpuPercent,
            features.Databases, features.Backups, features.Allocations);
        foreach (var addOn in addOns)
        {
            var amount = checked(addOn.AmountPerUnit * addOn.Quantity);
            total = addOn.Unit switch
            {
                AddOnUnit.MemoryMb => total with { MemoryMb = checked(total.MemoryMb + amount) },
                AddOnUnit.DiskMb => total with { DiskMb = checked(total.DiskMb + amount) },
                // CPU 0 means unlimited on the panel: more of unlimited stays unlimited.
                AddOnUnit.CpuPercent => total.CpuPercent == 0 ? total : total with { CpuPercent = checked(total.CpuPercent + amount) },
                AddOnUnit.BackupSlot => total with { Backups = checked(total.Backups + amount) },
                AddOnUnit.Allocation => total with { ExtraAllocations = checked(total.ExtraAllocations + amount) },
                AddOnUnit.Database => total with { Databases = checked(total.Databases + amount) },
                _ => throw new ArgumentOutOfRangeException(nameof(addOns), addOn.Unit, "Unknown add-on unit."),
            };
        }

        return total;
    }
}
