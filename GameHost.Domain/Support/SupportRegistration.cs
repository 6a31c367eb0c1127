using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Support.Attachments;
using GameHost.Domain.Support.Chat;
using GameHost.Domain.Support.Mail;
using GameHost.Domain.Support.Paid;
using GameHost.Domain.Support.Queries;
using GameHost.Domain.Support.Sla;
using GameHost.Domain.Support.UseCases;
using Microsoft.Extensions.DependencyInjection;

namespace GameHost.Domain.Support;

public static class SupportRegistration
{
    /// <summary>Tickets, departments, canned replies, SLAs, live chat and the live hubs. The host supplies <see cref="ISupportServices"/> and <see cref="ISupportCharges"/>.</summary>
    public static IServiceCollection AddSupport(this IServiceCollection services)
    {
        services.AddOptions<SupportOptions>();
        services.AddSingleton<TicketSignals>();
        services.AddSingleton<AttachmentStore>();
        // Staff replies' files are mailed from the store they were saved in (the outbox keeps only a reference).
        services.AddSingleton<IEmailAttachmentSource, SupportEmailAttachments>();
        services.AddScoped<TicketDesk>();
        services.AddScoped<TicketActions>();
        services.AddScoped<TicketQueries>();
        services.AddScoped<SupportSetup>();
        services.AddScoped<CannedReplies>();
        services.AddScoped<SupportSlaSweep>();
        services.AddScoped<PaidSupport>();
        services.AddSingleton<ChatSignals>();
        services.AddScoped<ChatDesk>();
        services.AddScoped<ChatQueries>();
        services.AddScoped<ChatIdleSweep>();
        return services;
    }
}
