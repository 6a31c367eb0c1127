using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Notifications.Email;
using GameHost.Domain.Operations;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Persistence;

/// <summary>
/// The one store: Identity and every feature's tables. Each feature keeps its entity configurations in its
/// own <c>Persistence/</c> folder; they are picked up from this assembly.
/// </summary>
public sealed class GameHostDbContext(DbContextOptions<GameHostDbContext> options)
    : IdentityDbContext<ApplicationUser, ApplicationRole, Guid>(options)
{
    public DbSet<CustomerProfile> CustomerProfiles => Set<CustomerProfile>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GameHostDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC everywhere; SQLite returns them without a kind, so mark them on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }
}
