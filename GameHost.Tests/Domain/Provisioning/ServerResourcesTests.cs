using GameHost.Domain.Catalog;
using GameHost.Domain.Provisioning;

namespace GameHost.Tests.Domain.Provisioning;

public class ServerResourcesTests
{
    [Fact]
    public void For_TariffAndAddOns_AddsEachAddOnToWhatItChanges()
    {
        var resources = ServerResources.For(
            new ResourceLimits(4096, 0, 20480, 200, null, 500, false),
            new FeatureLimits(Databases: 1, Backups: 2, Allocations: 0),
            [
                new AddOnAmount(AddOnUnit.MemoryMb, 1024, 2),
                new AddOnAmount(AddOnUnit.DiskMb, 5120, 1),
                new AddOnAmount(AddOnUnit.CpuPercent, 50, 2),
                new AddOnAmount(AddOnUnit.BackupSlot, 1, 3),
                new AddOnAmount(AddOnUnit.Allocation, 1, 2),
                new AddOnAmount(AddOnUnit.Database, 1, 1),
            ]);

        Assert.Equal(new ServerResources(6144, 0, 25600, 300, 2, 5, 2), resources);
        Assert.Equal(3, resources.Allocations);
    }

    [Fact]
    public void For_UnlimitedCpuWithCpuAddOn_StaysUnlimited()
    {
        var resources = ServerResources.For(new ResourceLimits(1024, 0, 1024, 0, null, 500, false), new FeatureLimits(0, 0, 0),
            [new AddOnAmount(AddOnUnit.CpuPercent, 100, 1)]);

        Assert.Equal(0, resources.CpuPercent);
    }
}
