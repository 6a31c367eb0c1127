using System.Text.Json;
using System.Text.Json.Serialization;
using GameHost.Domain.Provisioning.Servers;
using GameHost.Domain.Provisioning.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Provisioning.Persistence;

internal sealed class GameServerConfiguration : IEntityTypeConfiguration<GameServer>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public void Configure(EntityTypeBuilder<GameServer> builder)
    {
        builder.ToTable("GameServers");
        builder.HasKey(s => s.Id);
        // One server per subscription: a repeated payment or request finds the first one.
        builder.HasIndex(s => s.SubscriptionId).IsUnique();
        builder.HasIndex(s => new { s.CustomerId, s.State });
        builder.HasIndex(s => new { s.TariffId, s.State });
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Name).HasMaxLength(191).IsRequired();
        builder.Property(s => s.DockerImage).HasMaxLength(500).IsRequired();
        builder.Property(s => s.Startup).HasMaxLength(2000).IsRequired();
        builder.Property(s => s.Environment)
            .HasConversion(
                e => JsonSerializer.Serialize(e, Json),
                text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, Json) ?? new Dictionary<string, string>(StringComparer.Ordinal),
                new ValueComparer<Dictionary<string, string>>(
                    (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                    e => e.Aggregate(0, (hash, kv) => hash ^ HashCode.Combine(kv.Key, kv.Value)),
                    e => new Dictionary<string, string>(e, StringComparer.Ordinal)))
            .HasColumnName("EnvironmentJson")
            .IsRequired();
        builder.Property(s => s.AddOns)
            .HasConversion(
                a => JsonSerializer.Serialize(a, Json),
                text => JsonSerializer.Deserialize<List<Provisioning.AddOnAmount>>(text, Json) ?? new List<Provisioning.AddOnAmount>(),
                new ValueComparer<List<Provisioning.AddOnAmount>>(
                    (a, b) => a!.SequenceEqual(b!),
                    a => a.Aggregate(0, (hash, x) => hash ^ x.GetHashCode()),
                    a => a.ToList()))
            .HasColumnName("AddOnsJson")
            .IsRequired();
        builder.ComplexProperty(s => s.Limits, l =>
        {
            l.Property(x => x.MemoryMb).HasColumnName("MemoryMb");
            l.Property(x => x.SwapMb).HasColumnName("SwapMb");
            l.Property(x => x.DiskMb).HasColumnName("DiskMb");
            l.Property(x => x.CpuPercent).HasColumnName("CpuPercent");
            l.Property(x => x.CpuThreads).HasColumnName("CpuThreads").HasMaxLength(100);
            l.Property(x => x.IoWeight).HasColumnName("IoWeight");
            l.Property(x => x.OomDisabled).HasColumnName("OomDisabled");
        });
        builder.ComplexProperty(s => s.Features, f =>
        {
            f.Property(x => x.Databases).HasColumnName("FeatureDatabases");
            f.Property(x => x.Backups).HasColumnName("FeatureBackups");
            f.Property(x => x.Allocations).HasColumnName("FeatureAllocations");
        });
        builder.Property(s => s.PanelUuid).HasMaxLength(64);
        builder.Property(s => s.PanelIdentifier).HasMaxLength(64);
        builder.Property(s => s.Address).HasMaxLength(300);
        builder.Property(s => s.PanelStatus).HasMaxLength(40);
        builder.Ignore(s => s.Spec);
        builder.Ignore(s => s.IsGone);
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Catalog.Tariff>().WithMany().HasForeignKey(s => s.TariffId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PanelAccountConfiguration : IEntityTypeConfiguration<PanelAccount>
{
    public void Configure(EntityTypeBuilder<PanelAccount> builder)
    {
        builder.ToTable("PanelAccounts");
        builder.HasKey(a => a.CustomerId);
        builder.Property(a => a.Username).HasMaxLength(191).IsRequired();
        builder.Property(a => a.ExternalId).HasMaxLength(191).IsRequired();
        builder.HasIndex(a => a.PanelUserId).IsUnique();
        builder.HasOne<Accounts.ApplicationUser>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProvisioningTaskConfiguration : IEntityTypeConfiguration<ProvisioningTask>
{
    public void Configure(EntityTypeBuilder<ProvisioningTask> builder)
    {
        builder.ToTable("ProvisioningTasks");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.LeaseOwner).HasMaxLength(100);
        builder.Property(t => t.LastErrorKind).HasMaxLength(60);
        builder.Property(t => t.LastErrorCode).HasMaxLength(200);
        builder.Property(t => t.LastErrorDetail).HasMaxLength(ProvisioningTask.MaxErrorDetailLength);
        builder.Property(t => t.LastErrorField).HasMaxLength(200);
        builder.Property(t => t.CancelReason).HasMaxLength(500);
        builder.Property(t => t.ConcurrencyToken).IsConcurrencyToken();
        builder.Ignore(t => t.IsOpen);
        // The processor's claim query: open tasks by due time, and a server's tasks in order.
        builder.HasIndex(t => new { t.State, t.DueAtUtc });
        builder.HasIndex(t => new { t.GameServerId, t.Sequence });
        builder.HasOne<GameServer>().WithMany().HasForeignKey(t => t.GameServerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProvisioningQueueStateConfiguration : IEntityTypeConfiguration<ProvisioningQueueState>
{
    public void Configure(EntityTypeBuilder<ProvisioningQueueState> builder)
    {
        builder.ToTable("ProvisioningQueue");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.PauseCode).HasMaxLength(200);
        builder.Property(q => q.PauseDetail).HasMaxLength(ProvisioningTask.MaxErrorDetailLength);
        builder.Ignore(q => q.IsPaused);
        builder.HasData(new ProvisioningQueueState { Id = ProvisioningQueueState.SingletonId });
    }
}
