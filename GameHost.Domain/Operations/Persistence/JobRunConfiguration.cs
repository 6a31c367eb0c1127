using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Operations.Persistence;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.JobName).HasMaxLength(100).IsRequired();
        builder.Property(j => j.Summary).HasMaxLength(1000);
        builder.Property(j => j.Error).HasMaxLength(4000);
        builder.HasIndex(j => new { j.JobName, j.StartedAtUtc });
    }
}
