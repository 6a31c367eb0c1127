using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Support.Persistence;

/// <summary>The support tables on the shared context.</summary>
public static class SupportSets
{
    public static DbSet<SupportDepartment> SupportDepartments(this GameHostDbContext db) => Sets(db).Set<SupportDepartment>();

    public static DbSet<SupportDepartmentMember> SupportDepartmentMembers(this GameHostDbContext db) => Sets(db).Set<SupportDepartmentMember>();

    public static DbSet<Ticket> Tickets(this GameHostDbContext db) => Sets(db).Set<Ticket>();

    public static DbSet<TicketTag> TicketTags(this GameHostDbContext db) => Sets(db).Set<TicketTag>();

    public static DbSet<TicketMessage> TicketMessages(this GameHostDbContext db) => Sets(db).Set<TicketMessage>();

    public static DbSet<TicketAttachment> TicketAttachments(this GameHostDbContext db) => Sets(db).Set<TicketAttachment>();

    public static DbSet<CannedReply> CannedReplies(this GameHostDbContext db) => Sets(db).Set<CannedReply>();

    public static DbSet<SlaPolicy> SlaPolicies(this GameHostDbContext db) => Sets(db).Set<SlaPolicy>();

    public static DbSet<SupportIncidentBalance> SupportIncidentBalances(this GameHostDbContext db) => Sets(db).Set<SupportIncidentBalance>();

    public static DbSet<SupportPackPurchase> SupportPackPurchases(this GameHostDbContext db) => Sets(db).Set<SupportPackPurchase>();

    public static DbSet<Chat.ChatConversation> ChatConversations(this GameHostDbContext db) => Sets(db).Set<Chat.ChatConversation>();

    public static DbSet<Chat.ChatLine> ChatLines(this GameHostDbContext db) => Sets(db).Set<Chat.ChatLine>();

    private static GameHostDbContext Sets(GameHostDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db;
    }
}
