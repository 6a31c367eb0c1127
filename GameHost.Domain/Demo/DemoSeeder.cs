using GameHost.Domain.Accounts;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Demo;

/// <summary>A demo account the seeder created, with the password it generated (shown once, never stored in clear).</summary>
public sealed record DemoCredential(string Role, string Email, string Password);

/// <summary>
/// Seeds demo data on a first run: an owner (Admin), a support agent and a customer with generated passwords, and
/// the demo catalog. Runs once: when the demo owner already exists it changes nothing and returns no credentials.
/// </summary>
public sealed class DemoSeeder(UserManager<ApplicationUser> users, GameHostDbContext db, TimeProvider time)
{
    public const string OwnerEmail = "owner@demo.gamehost.test";
    public const string SupportEmail = "support@demo.gamehost.test";
    public const string CustomerEmail = "customer@demo.gamehost.test";

    public async Task<IReadOnlyList<DemoCredential>> SeedAsync(CancellationToken cancellationToken)
    {
        // The catalog checks for itself, so a demo database made before the catalog existed gets one on its next start.
        if (await new DemoCatalogSeeder(db, time).SeedAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (await users.FindByEmailAsync(OwnerEmail) is not null)
        {
            return [];
        }

        var created = new List<DemoCredential>
        {
            await CreateAsync(OwnerEmail, "Olivia Owner", Roles.Admin, profile: null),
            await CreateAsync(SupportEmail, "Sam Support", Roles.Support, profile: null),
            await CreateAsync(CustomerEmail, "Carlos Customer", Roles.Customer, new CustomerProfile
            {
                Company = "Creeper Crew",
                CountryCode = "ZA",
                BillingCurrency = "ZAR",
            }),
        };
        await db.SaveChangesAsync(cancellationToken);

        // Starting credit, posted through the ledger like any adjustment, so a newcomer can order a server and pay for
        // it from the balance straight away — and watch the demo panel create it.
        var customer = await users.FindByEmailAsync(CustomerEmail) ?? throw new InvalidOperationException("The demo customer was not saved.");
        var credit = Money.FromMinor(DemoCreditMinor, "ZAR");
        await new LedgerPosting(time).PostAsync(db, new PostingRequest(
            $"demo-credit:{customer.Id:N}", "adjustment", "Demo starting credit",
            [Posting.System(LedgerAccountKind.Adjustments, -credit), Posting.Customer(customer.Id, credit)], customer.Id), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var support = await users.FindByEmailAsync(SupportEmail) ?? throw new InvalidOperationException("The demo support agent was not saved.");
        if (await new Support.SupportDemoSeeder(db, time).SeedAsync(customer.Id, support.Id, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return created;
    }

    /// <summary>R 2,000.00: enough for the demo customer to order and pay a few servers from balance.</summary>
    public const long DemoCreditMinor = 200_000;

    private async Task<DemoCredential> CreateAsync(string email, string name, string role, CustomerProfile? profile)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            PreferredLanguage = SupportedLanguages.Default,
            CreatedAtUtc = now,
        };
        var password = PasswordGenerator.Generate();
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        if (profile is not null)
        {
            profile.Id = Guid.NewGuid();
            profile.UserId = user.Id;
            profile.CreatedAtUtc = now;
            db.CustomerProfiles.Add(profile);
        }

        return new DemoCredential(role, email, password);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
