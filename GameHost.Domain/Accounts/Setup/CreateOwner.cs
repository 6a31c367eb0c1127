using GameHost.Domain.Accounts.Registration;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Accounts.Setup;

public sealed record CreateOwnerInput(string Email, string Password, string FullName, string PreferredLanguage);

/// <summary>
/// Creates the first Admin (the owner) on a fresh installation, with the e-mail address taken as confirmed: there is
/// nobody yet who could send the mail. Refuses with <c>accounts.setup_done</c> once any admin exists, so a second
/// submission — or a second browser racing the first — cannot mint another admin.
/// </summary>
public sealed class CreateOwner(
    UserManager<ApplicationUser> users,
    GameHostDbContext db,
    OwnerSetupQuery setup,
    TimeProvider time)
{
    // One box, one process: serializing here makes check-then-create atomic without provider-specific locking.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<Result<ApplicationUser>> ExecuteAsync(CreateOwnerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await setup.AdminExistsAsync(cancellationToken))
            {
                return AccountErrors.SetupDone();
            }

            var email = input.Email.Trim();
            var user = new ApplicationUser
            {
                Id = Guid.NewGuid(),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                FullName = input.FullName.Trim(),
                PreferredLanguage = SupportedLanguages.IsSupported(input.PreferredLanguage)
                    ? input.PreferredLanguage.ToLowerInvariant()
                    : SupportedLanguages.Default,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            };

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await users.CreateAsync(user, input.Password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return AccountErrors.FromCreateFailure(created, users.ErrorDescriber);
            }

            var role = await users.AddToRoleAsync(user, Roles.Admin);
            if (!role.Succeeded)
            {
                throw new InvalidOperationException("Could not add the Admin role: " + string.Join("; ", role.Errors.Select(e => e.Description)));
            }

            await transaction.CommitAsync(cancellationToken);
            return user;
        }
        finally
        {
            Gate.Release();
        }
    }
}
