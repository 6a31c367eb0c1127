using System.Text.Json;
using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Common;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Payments.Gateways;

/// <summary>A setting as staff see it again: secrets only masked.</summary>
public sealed record GatewaySettingView(string Key, string Label, bool Secret, bool Required, string Shown, bool IsSet);

public sealed record GatewayAccountView(
    Guid Id, string GatewayCode, string DisplayName, bool Enabled, bool Sandbox, IReadOnlyList<string> Currencies, int DisplayOrder,
    long FeeFixedMinor, int FeeBasisPoints, bool AdapterAvailable, IReadOnlyList<GatewaySettingView> Settings);

/// <param name="Id">Null adds a new account.</param>
/// <param name="Settings">Key → value as typed; a secret left blank on an existing account keeps its stored value.</param>
public sealed record SaveGatewayAccountCommand(
    Guid ActorUserId, Guid? Id, string GatewayCode, string? DisplayName, bool Enabled, bool Sandbox, IReadOnlyList<string> Currencies,
    int DisplayOrder, long FeeFixedMinor, int FeeBasisPoints, IReadOnlyDictionary<string, string?> Settings);

/// <summary>
/// Staff's configuration of gateway accounts (administrators only, audited) and the decrypted settings the payment use
/// cases hand to the adapters. Settings are one JSON object protected with <see cref="ISecretProtector"/>.
/// </summary>
public sealed class GatewayAccounts(
    IDbContextFactory<GameHostDbContext> contexts, GatewayRegistry registry, ISecretProtector protector, AuditLog audit, TimeProvider time, EnabledAccountsCache enabledCache)
{
    public const string AuditSaved = "payments.gateway_saved";

    public const int MaxBasisPoints = 2_000;

    public const long MaxFixedFeeMinor = 1_000_000;

    public GatewayRegistry Registry => registry;

    public async Task<IReadOnlyList<GatewayAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var accounts = await db.GatewayAccounts().AsNoTracking().OrderBy(a => a.DisplayOrder).ThenBy(a => a.DisplayName).ToListAsync(cancellationToken);
        return accounts.Select(View).ToList();
    }

    public GatewayAccountView View(GatewayAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var adapter = registry.Find(account.GatewayCode);
        var values = Read(account);
        var fields = adapter?.SettingFields ?? values.Keys.Select(k => new GatewaySettingField(k, k, Secret: true, Required: false)).ToList();
        var settings = fields.Select(f =>
        {
            var value = values.GetValueOrDefault(f.Key);
            return new GatewaySettingView(f.Key, f.Label, f.Secret, f.Required, f.Secret ? GatewayAccount.Mask(value) : value ?? "", !string.IsNullOrEmpty(value));
        }).ToList();
        return new GatewayAccountView(account.Id, account.GatewayCode, account.DisplayName, account.Enabled, account.Sandbox, account.CurrencyCodes,
            account.DisplayOrder, account.FeeFixedMinor, account.FeeBasisPoints, adapter is not null, settings);
    }

    /// <summary>The account's settings, decrypted, for an adapter call.</summary>
    public GatewayAccountConfig Config(GatewayAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new GatewayAccountConfig(account.Id, account.GatewayCode, account.Sandbox, Read(account));
    }

    public async Task<(GatewayAccount Account, IPaymentGateway Gateway, GatewayAccountConfig Config)?> LoadAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.GatewayAccounts().AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        return account is null || registry.Find(account.GatewayCode) is not { } gateway ? null : (account, gateway, Config(account));
    }

    /// <summary>The enabled accounts of one gateway, with their adapter: a webhook is tried against each.</summary>
    public async Task<IReadOnlyList<(GatewayAccount Account, IPaymentGateway Gateway, GatewayAccountConfig Config)>> EnabledAsync(string gatewayCode, CancellationToken cancellationToken)
    {
        if (registry.Find(gatewayCode) is not { } gateway)
        {
            return [];
        }

        // Awaited to the end even if the caller gives up: a load started here reads through this scope's context
        // factory, which must outlive it, and other callers may be waiting for it.
        cancellationToken.ThrowIfCancellationRequested();
        var enabled = await enabledCache.GetOrLoadAsync(gatewayCode, () => ReadEnabledAsync(gatewayCode));
        return enabled.Select(e => (e.Account, gateway, e.Config)).ToList();
    }

    /// <summary>The enabled accounts of one gateway read from the database, past the cache (which calls this to fill
    /// itself): one short query, not cancelled by any single caller since several may wait for it.</summary>
    public async Task<IReadOnlyList<(GatewayAccount Account, GatewayAccountConfig Config)>> ReadEnabledAsync(string gatewayCode)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var accounts = await db.GatewayAccounts().AsNoTracking().Where(a => a.GatewayCode == gatewayCode && a.Enabled)
            .OrderBy(a => a.DisplayOrder).ToListAsync(CancellationToken.None);
        return accounts.Select(a => (a, Config(a))).ToList();
    }

    public async Task<Result<Guid>> SaveAsync(SaveGatewayAccountCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (registry.Find(command.GatewayCode) is not { } adapter)
        {
            return GatewayErrors.UnknownGateway;
        }

        var name = command.DisplayName?.Trim() ?? "";
        if (name.Length is 0 or > GatewayAccount.MaxDisplayNameLength)
        {
            return GatewayErrors.DisplayNameRequired;
        }

        var currencies = command.Currencies.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        if (currencies.Count == 0 || currencies.Any(c => !adapter.SupportedCurrencies.Contains(c)))
        {
            return GatewayErrors.CurrenciesInvalid;
        }

        if (command.FeeFixedMinor is < 0 or > MaxFixedFeeMinor || command.FeeBasisPoints is < 0 or > MaxBasisPoints)
        {
            return GatewayErrors.FeeInvalid;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await StaffActors.FindAsync(db, command.ActorUserId, [Roles.Admin], cancellationToken) is not { } actor)
        {
            return GatewayErrors.ActorNotAdmin;
        }

        var now = time.GetUtcNow().UtcDateTime;
        GatewayAccount? account = null;
        if (command.Id is { } id)
        {
            account = await db.GatewayAccounts().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (account is null || account.GatewayCode != command.GatewayCode)
            {
                return GatewayErrors.AccountNotFound;
            }
        }

        var stored = account is null ? new Dictionary<string, string>() : Read(account).ToDictionary();
        foreach (var field in adapter.SettingFields)
        {
            var typed = command.Settings.GetValueOrDefault(field.Key)?.Trim();
            if (string.IsNullOrEmpty(typed))
            {
                if (!field.Secret)
                {
                    stored.Remove(field.Key); // A plain field cleared is cleared; a secret left blank keeps its value.
                }
            }
            else
            {
                stored[field.Key] = typed;
            }

            if (field.Required && !stored.ContainsKey(field.Key))
            {
                return GatewayErrors.SettingRequired with { Field = field.Key, Details = [field.Label] };
            }
        }

        var before = account is null ? null : Snapshot(account);
        if (account is null)
        {
            account = new GatewayAccount { Id = Guid.NewGuid(), GatewayCode = command.GatewayCode, CreatedAtUtc = now };
            db.GatewayAccounts().Add(account);
        }

        account.DisplayName = name;
        account.Enabled = command.Enabled;
        account.Sandbox = command.Sandbox;
        account.Currencies = string.Join(',', currencies);
        account.DisplayOrder = command.DisplayOrder;
        account.FeeFixedMinor = command.FeeFixedMinor;
        account.FeeBasisPoints = command.FeeBasisPoints;
        account.ProtectedSettings = protector.Protect(JsonSerializer.Serialize(stored));
        account.UpdatedAtUtc = now;
        account.ConcurrencyToken = Guid.NewGuid();
        audit.Record(db, actor, AuditSaved, "GatewayAccount", account.Id.ToString("D"), before, Snapshot(account));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            enabledCache.Clear();
        }
        catch (DbUpdateConcurrencyException)
        {
            return GatewayErrors.ChangedMeanwhile;
        }

        return account.Id;
    }

    /// <summary>Staff's "test connection": a harmless authenticated call with the stored settings.</summary>
    public async Task<Result<GatewayResult>> TestConnectionAsync(Guid actorUserId, Guid accountId, CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken) is null)
            {
                return GatewayErrors.ActorNotAdmin;
            }
        }

        if (await LoadAsync(accountId, cancellationToken) is not { } loaded)
        {
            return GatewayErrors.AccountNotFound;
        }

        return await loaded.Gateway.TestConnectionAsync(loaded.Config, cancellationToken);
    }

    /// <summary>Creates an account from code (the demo seed), without an actor. An existing account keeps its settings
    /// unless <paramref name="replaceSettings"/>.</summary>
    public async Task<Guid> EnsureAsync(
        string gatewayCode, string displayName, IReadOnlyList<string> currencies, IReadOnlyDictionary<string, string> settings, bool replaceSettings, CancellationToken cancellationToken)
    {
        if (registry.Find(gatewayCode) is null)
        {
            throw new InvalidOperationException($"No adapter is registered for gateway '{gatewayCode}'.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.GatewayAccounts().FirstOrDefaultAsync(a => a.GatewayCode == gatewayCode, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (account is null)
        {
            account = new GatewayAccount
            {
                Id = Guid.NewGuid(), GatewayCode = gatewayCode, DisplayName = displayName, Enabled = true, Sandbox = true,
                Currencies = string.Join(',', currencies), DisplayOrder = 100, CreatedAtUtc = now,
            };
            db.GatewayAccounts().Add(account);
        }
        else if (!replaceSettings && Read(account).Count > 0)
        {
            return account.Id;
        }

        account.ProtectedSettings = protector.Protect(JsonSerializer.Serialize(settings));
        account.UpdatedAtUtc = now;
        account.ConcurrencyToken = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        enabledCache.Clear();
        return account.Id;
    }

    private Dictionary<string, string> Read(GatewayAccount account)
    {
        if (string.IsNullOrEmpty(account.ProtectedSettings) || protector.Unprotect(account.ProtectedSettings) is not { } json)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private static object Snapshot(GatewayAccount a) =>
        new { a.GatewayCode, a.DisplayName, a.Enabled, a.Sandbox, a.Currencies, a.DisplayOrder, a.FeeFixedMinor, a.FeeBasisPoints };
}

public static class GatewayErrors
{
    public static readonly Error UnknownGateway = Error.Validation("Gateway", "payments.gateway_unknown", "This gateway is not available on this installation.");

    public static readonly Error DisplayNameRequired = Error.Validation("DisplayName", "payments.gateway_name_required", "Give the gateway a name customers will see (1–80 characters).");

    public static readonly Error CurrenciesInvalid = Error.Validation("Currencies", "payments.gateway_currencies_invalid", "Choose at least one currency the gateway supports.");

    public static readonly Error FeeInvalid = Error.Validation("Fee", "payments.gateway_fee_invalid", "The fee must be zero or more (at most 20 %).");

    public static readonly Error SettingRequired = Error.Validation("Settings", "payments.gateway_setting_required", "Fill in every required setting.");

    public static readonly Error ActorNotAdmin = new("payments.actor_not_admin", "Only administrators can do this.");

    public static readonly Error AccountNotFound = new("payments.gateway_not_found", "No such gateway account.");

    public static readonly Error ChangedMeanwhile = new("payments.gateway_changed", "Someone else changed this gateway meanwhile; reload and try again.");

    public static readonly Error GatewayUnavailable = new("payments.gateway_unavailable", "This payment method is not available for this invoice.");

    public static readonly Error PaymentBeingConfirmed = new("payments.being_confirmed", "A payment for this invoice is being confirmed; please wait a moment.");

    public static readonly Error InvoiceNotPayable = new("payments.invoice_not_payable", "This invoice cannot be paid now.");

    public static readonly Error RequestIdInvalid = Error.Validation("RequestId", "payments.request_id_invalid", "The form expired; reload the page and try again.");

    public static readonly Error AttemptNotFound = new("payments.attempt_not_found", "No such payment.");

    public static readonly Error GatewayFailed = new("payments.gateway_failed", "The payment provider refused the payment.");

    public static readonly Error TopUpOutOfRange = Error.Validation("Amount", "payments.top_up_out_of_range",
        "A top-up through a payment provider must be between the minimum and the maximum shown; larger sums go by bank transfer.");

    public static readonly Error TopUpInvalid = Error.Validation("Amount", "payments.top_up_invalid", "Enter an amount in your account's currency.");
}
