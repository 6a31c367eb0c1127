using GameHost.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GameHost.Domain.Support.Persistence;

internal sealed class SupportDepartmentConfiguration : IEntityTypeConfiguration<SupportDepartment>
{
    public void Configure(EntityTypeBuilder<SupportDepartment> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(SupportDepartment.MaxNameLength).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(500);
        builder.Property(d => d.Email).HasMaxLength(256);
        builder.Property(d => d.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.Property(d => d.PriceCurrency).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Ignore(d => d.Hours);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasMany(d => d.Members).WithOne().HasForeignKey(m => m.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupportDepartmentMemberConfiguration : IEntityTypeConfiguration<SupportDepartmentMember>
{
    public void Configure(EntityTypeBuilder<SupportDepartmentMember> builder)
    {
        builder.HasKey(m => new { m.DepartmentId, m.UserId });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Reference).HasMaxLength(12).IsRequired();
        builder.HasIndex(t => t.Reference).IsUnique();
        builder.Property(t => t.Subject).HasMaxLength(Ticket.MaxSubjectLength).IsRequired();
        builder.Property(t => t.ServiceLabel).HasMaxLength(200);
        builder.Property(t => t.PriceCurrency).HasMaxLength(3).IsFixedLength();
        builder.Property(t => t.SearchText).IsRequired();
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Ignore(t => t.CustomerStatus);
        builder.Ignore(t => t.IsGuest);
        builder.Property(t => t.GuestEmail).HasMaxLength(Ticket.MaxGuestEmailLength);
        builder.Property(t => t.GuestName).HasMaxLength(Ticket.MaxGuestNameLength);
        builder.HasIndex(t => t.GuestEmail).HasFilter("\"GuestEmail\" IS NOT NULL");
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(t => t.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.MergedIntoTicketId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(t => t.Tags).WithOne().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Messages).WithOne().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        // The staff queue: open tickets newest activity first, narrowed by state, department, assignee, priority.
        builder.HasIndex(t => new { t.State, t.UpdatedAtUtc });
        builder.HasIndex(t => t.UpdatedAtUtc);
        // One filter in the queue's order (decision 0029): the first page stops after 25 rows instead of sorting every
        // match; State last so the open-only check and the capped total are answered from the index. They replace
        // (DepartmentId, State) and (AssigneeId, State), which also served the foreign keys.
        builder.HasIndex(t => new { t.DepartmentId, t.UpdatedAtUtc, t.State });
        builder.HasIndex(t => new { t.AssigneeId, t.UpdatedAtUtc, t.State });
        builder.HasIndex(t => new { t.Priority, t.UpdatedAtUtc, t.State });
        // Department + assignee ("my tickets in Technical") in the queue's order; State last so the open-only check and
        // the total are answered from the index.
        builder.HasIndex(t => new { t.DepartmentId, t.AssigneeId, t.UpdatedAtUtc, t.State });
        // The customer's list, and the SLA sweep's due tickets.
        builder.HasIndex(t => new { t.CustomerId, t.UpdatedAtUtc });
        builder.HasIndex(t => new { t.State, t.FirstResponseDueAtUtc });
        builder.HasIndex(t => new { t.State, t.ResolutionDueAtUtc });
        builder.HasIndex(t => new { t.State, t.WaitingSinceUtc });
    }
}

internal sealed class TicketTagConfiguration : IEntityTypeConfiguration<TicketTag>
{
    public void Configure(EntityTypeBuilder<TicketTag> builder)
    {
        builder.HasKey(t => new { t.TicketId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(TicketTag.MaxLength);
        builder.HasIndex(t => t.Tag);
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.AuthorName).HasMaxLength(256).IsRequired();
        builder.Property(m => m.Body).HasMaxLength(TicketMessage.MaxBodyLength).IsRequired();
        builder.Property(m => m.MailMessageId).HasMaxLength(500);
        builder.Property(m => m.InReplyTo).HasMaxLength(500);
        builder.Property(m => m.RatingComment).HasMaxLength(TicketMessage.MaxRatingCommentLength);
        builder.Property(m => m.TextCode).HasMaxLength(TicketMessage.MaxTextCodeLength);
        // An e-mail delivered twice adds one message: the Message-ID is unique where there is one.
        builder.HasIndex(m => m.MailMessageId).IsUnique().HasFilter("\"MailMessageId\" IS NOT NULL");
        // A form sent twice writes one message (and opens one ticket): its request id is unique where there is one.
        builder.Property(m => m.RequestId).HasMaxLength(TicketMessage.MaxRequestIdLength);
        builder.HasIndex(m => m.RequestId).IsUnique().HasFilter("\"RequestId\" IS NOT NULL");
        builder.HasIndex(m => new { m.TicketId, m.CreatedAtUtc });
        builder.HasIndex(m => new { m.AuthorId, m.Rating });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketAttachmentConfiguration : IEntityTypeConfiguration<TicketAttachment>
{
    public void Configure(EntityTypeBuilder<TicketAttachment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.FileName).HasMaxLength(TicketAttachment.MaxFileNameLength).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(a => a.StoredName).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => a.StoredName).IsUnique();
        builder.HasIndex(a => a.TicketId);
        builder.Ignore(a => a.IsImage);
    }
}

internal sealed class CannedReplyConfiguration : IEntityTypeConfiguration<CannedReply>
{
    public void Configure(EntityTypeBuilder<CannedReply> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Title).HasMaxLength(CannedReply.MaxTitleLength).IsRequired();
        builder.Property(c => c.Body).HasMaxLength(CannedReply.MaxBodyLength).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(c => c.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.Scope, c.Title });
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => new { p.DepartmentId, p.Priority }).IsUnique();
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.ReassignToUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SupportIncidentBalanceConfiguration : IEntityTypeConfiguration<SupportIncidentBalance>
{
    public void Configure(EntityTypeBuilder<SupportIncidentBalance> builder)
    {
        builder.HasKey(b => new { b.CustomerId, b.DepartmentId });
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(b => b.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SupportPackPurchaseConfiguration : IEntityTypeConfiguration<SupportPackPurchase>
{
    public void Configure(EntityTypeBuilder<SupportPackPurchase> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.RequestId).HasMaxLength(SupportPackPurchase.MaxRequestIdLength).IsRequired();
        builder.HasIndex(p => p.RequestId).IsUnique();
        builder.Property(p => p.PriceCurrency).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => new { p.CustomerId, p.CreditedAtUtc });
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SupportDepartment>().WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
