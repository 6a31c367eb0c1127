using GameHost.Domain.Audit;
using GameHost.Domain.Catalog;
using GameHost.Domain.Catalog.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Provisioning.Servers;

/// <summary>A tariff's new resources pushed to its live servers, each keeping its add-ons on top.</summary>
public class PushTariffResourcesTests : IDisposable
{
    private readonly ProvisioningTestData _data = new();

    public void Dispose() => _data.Dispose();

    private PushTariffResources Push() => new(_data.Contexts, _data.Requests(), new AuditLog(_data.Time));

    /// <summary>Version 2 of the tariff with more memory and backups (written straight to the store; the editor is tested elsewhere).</summary>
    private async Task NewVersionAsync(Guid tariffId, int memoryMb, int backups)
    {
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var tariff = await db.Tariffs().WithVersions().SingleAsync(t => t.Id == tariffId);
        var current = tariff.CurrentVersion;
        tariff.Versions.Add(new TariffVersion
        {
            TariffId = tariffId,
            Number = current.Number + 1,
            CreatedAtUtc = _data.NowUtc,
            CreatedByName = "Test",
            Name = current.Name,
            Description = current.Description,
            Game = current.Game,
            Resources = current.Resources with { MemoryMb = memoryMb },
            Features = current.Features with { Backups = backups },
            LocationIds = current.LocationIds.ToList(),
            NodeIds = current.NodeIds.ToList(),
        });
        tariff.CurrentVersionNumber = current.Number + 1;
        tariff.ConcurrencyToken = Guid.NewGuid();
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ExecuteAsync_NewResources_QueuesBuildsWithAddOnsKeptAndIsAudited()
    {
        var tariff = _data.TariffId();
        var plain = await _data.RequestServerAsync();
        var withRam = await _data.RequestServerAsync(spec: _data.Spec(addOns: [new AddOnAmount(AddOnUnit.MemoryMb, 1024, 2)]));
        var deleted = await _data.RequestServerAsync();
        await _data.RequestAsync((requests, db) => requests.RequestDeleteAsync(db, deleted, CancellationToken.None));
        await NewVersionAsync(tariff, memoryMb: 6144, backups: 5);

        var preview = await Push().PreviewAsync(tariff, CancellationToken.None);
        var pushed = await Push().ExecuteAsync(_data.AdminId, tariff, "corr-1", CancellationToken.None);
        var again = await Push().ExecuteAsync(_data.AdminId, tariff, "corr-2", CancellationToken.None);

        Assert.Equal(new ResourcePushPreview(2, 2, 2), preview.Value);
        Assert.Equal((2, 0), (pushed.Value, again.Value));
        var plainServer = await _data.ServerAsync(plain);
        var ramServer = await _data.ServerAsync(withRam);
        Assert.Equal((6144, 5), (plainServer.Limits.MemoryMb, plainServer.Features.Backups));
        Assert.Equal((6144 + 2048, 5), (ramServer.Limits.MemoryMb, ramServer.Features.Backups));
        Assert.Equal(1, plainServer.TariffVersionNumber);
        Assert.Single(await _data.TasksAsync(plain), t => t.Kind == ProvisioningTaskKind.ApplyBuild);
        Assert.DoesNotContain(await _data.TasksAsync(deleted), t => t.Kind == ProvisioningTaskKind.ApplyBuild);
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((ProvisioningQueueAudit.ResourcesPushedAction, tariff.ToString("D"), "corr-1"), (entry.Action, entry.SubjectId, entry.CorrelationId));
    }

    [Fact]
    public async Task ExecuteAsync_BySupportStaff_IsRefused()
    {
        var tariff = _data.TariffId();
        await _data.RequestServerAsync();
        await NewVersionAsync(tariff, memoryMb: 6144, backups: 5);

        var result = await Push().ExecuteAsync(_data.SupportId, tariff, null, CancellationToken.None);

        Assert.Equal("provisioning.actor_not_admin", result.Error?.Code);
        Assert.Equal(1, (await Push().PreviewAsync(tariff, CancellationToken.None)).Value!.ServersToChange);
    }

    [Fact]
    public async Task PreviewAsync_UnchangedTariff_FindsNothingToChange()
    {
        await _data.RequestServerAsync();

        var preview = await Push().PreviewAsync(_data.TariffId(), CancellationToken.None);

        Assert.Equal(new ResourcePushPreview(1, 1, 0), preview.Value);
    }
}
