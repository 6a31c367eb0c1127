using GameHost.Domain.Provisioning.PanelCatalog;
using GameHost.Domain.Provisioning.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Provisioning.Persistence;

internal sealed class PanelSettingsConfiguration : IEntityTypeConfiguration<PanelSettings>
{
    public void Configure(EntityTypeBuilder<PanelSettings> builder)
    {
        builder.ToTable("PanelSettings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PanelUrl).HasMaxLength(PanelAddress.MaxUrlLength).IsRequired();
        builder.Property(s => s.PublicPanelUrl).HasMaxLength(PanelAddress.MaxUrlLength).IsRequired();
        // Data Protection output is a few times the key's length; leave room for a longer key ring header.
        builder.Property(s => s.ProtectedApiKey).HasMaxLength(4000).IsRequired();
        builder.Property(s => s.ApiKeyHint).HasMaxLength(20).IsRequired();
        builder.Property(s => s.LastTestProblem).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.LastTestDetail).HasMaxLength(PanelDetail.MaxLength);
        builder.Property(s => s.LastSyncProblem).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.LastSyncDetail).HasMaxLength(PanelDetail.MaxLength);
        builder.Ignore(s => s.IsConfigured);
        builder.Ignore(s => s.SyncInterval);
    }
}

internal sealed class SyncedLocationConfiguration : IEntityTypeConfiguration<SyncedLocation>
{
    public void Configure(EntityTypeBuilder<SyncedLocation> builder)
    {
        builder.ToTable("PanelLocations");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Code).HasMaxLength(191).IsRequired();
        builder.Property(l => l.Description).HasMaxLength(191);
    }
}

internal sealed class SyncedNodeConfiguration : IEntityTypeConfiguration<SyncedNode>
{
    public void Configure(EntityTypeBuilder<SyncedNode> builder)
    {
        builder.ToTable("PanelNodes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Name).HasMaxLength(191).IsRequired();
        builder.Property(n => n.Fqdn).HasMaxLength(255).IsRequired();
        builder.HasIndex(n => n.LocationId);
        builder.Ignore(n => n.FreeMemoryMb);
        builder.Ignore(n => n.FreeDiskMb);
    }
}

internal sealed class SyncedNestConfiguration : IEntityTypeConfiguration<SyncedNest>
{
    public void Configure(EntityTypeBuilder<SyncedNest> builder)
    {
        builder.ToTable("PanelNests");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.Name).HasMaxLength(191).IsRequired();
        builder.Property(n => n.Description).HasMaxLength(4000).IsRequired();
    }
}

internal sealed class SyncedEggConfiguration : IEntityTypeConfiguration<SyncedEgg>
{
    public void Configure(EntityTypeBuilder<SyncedEgg> builder)
    {
        builder.ToTable("PanelEggs");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Name).HasMaxLength(191).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(4000).IsRequired();
        builder.Property(e => e.Startup).HasMaxLength(4000).IsRequired();
        builder.HasIndex(e => e.NestId);
        builder.HasMany(e => e.DockerImages).WithOne().HasForeignKey(i => i.EggId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Variables).WithOne().HasForeignKey(v => v.EggId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SyncedDockerImageConfiguration : IEntityTypeConfiguration<SyncedDockerImage>
{
    public void Configure(EntityTypeBuilder<SyncedDockerImage> builder)
    {
        builder.ToTable("PanelEggDockerImages");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.DisplayName).HasMaxLength(191).IsRequired();
        builder.Property(i => i.Image).HasMaxLength(500).IsRequired();
    }
}

internal sealed class SyncedEggVariableConfiguration : IEntityTypeConfiguration<SyncedEggVariable>
{
    public void Configure(EntityTypeBuilder<SyncedEggVariable> builder)
    {
        builder.ToTable("PanelEggVariables");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Name).HasMaxLength(191).IsRequired();
        builder.Property(v => v.Description).HasMaxLength(4000).IsRequired();
        builder.Property(v => v.EnvVariable).HasMaxLength(191).IsRequired();
        builder.Property(v => v.DefaultValue).HasMaxLength(4000).IsRequired();
        builder.Property(v => v.Rules).HasMaxLength(1000).IsRequired();
    }
}
