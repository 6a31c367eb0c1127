using GameHost.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Support.Chat;

internal sealed class ChatConversationConfiguration : IEntityTypeConfiguration<ChatConversation>
{
    public void Configure(EntityTypeBuilder<ChatConversation> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.AwaitsStaff);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.StaffId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.ConversationId).OnDelete(DeleteBehavior.Cascade);

        // A customer has one open chat at a time: two first messages racing cannot start two.
        builder.HasIndex(c => c.CustomerId).IsUnique().HasFilter("\"State\" <> 2").HasDatabaseName("IX_ChatConversation_CustomerId_Open");
        builder.HasIndex(c => new { c.CustomerId, c.StartedAtUtc });

        // The staff list (open chats, the latest ended ones) and the idle sweep.
        builder.HasIndex(c => new { c.State, c.LastMessageAtUtc });
        builder.HasIndex(c => new { c.State, c.ClosedAtUtc });
    }
}

internal sealed class ChatLineConfiguration : IEntityTypeConfiguration<ChatLine>
{
    public void Configure(EntityTypeBuilder<ChatLine> builder)
    {
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Body).HasMaxLength(ChatLine.MaxBodyLength).IsRequired();
        builder.Property(l => l.AuthorName).HasMaxLength(256).IsRequired();
        builder.Property(l => l.RequestId).HasMaxLength(ChatLine.MaxRequestIdLength).IsRequired();
        builder.HasIndex(l => l.RequestId).IsUnique();
        builder.HasIndex(l => new { l.ConversationId, l.Number }).IsUnique();
    }
}
