using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using GameHost.App.Features.Provisioning.Settings;
using GameHost.Domain.Accounts;
using GameHost.Domain.Billing;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using GameHost.Domain.Payments.Gateways;
using GameHost.Domain.Payments.Persistence;
using GameHost.Domain.Persistence;
using GameHost.Domain.Provisioning.Tasks;
using GameHost.Tests.Domain.Billing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GameHost.Tests.Domain.Payments.Gateways;

/// <summary>
/// A scripted gateway: tests say what each call answers. It counts calls and checks that no capture happens twice
/// for one attempt, like a real gateway's idempotency key would.
/// </summary>
public sealed class ScriptedGateway(string code = "scripted", params string[] currencies) : IPaymentGateway
{
    public string Code { get; } = code;

    public GatewayCapabilities Capabilities { get; set; } = GatewayCapabilities.HostedCheckout | GatewayCapabilities.Refund | GatewayCapabilities.PartialRefund
        | GatewayCapabilities.SavedMethod | GatewayCapabilities.OffSessionCharge;

    public IReadOnlySet<string> SupportedCurrencies { get; } = new HashSet<string>(currencies.Length == 0 ? ["ZAR", "USD"] : currencies);

    public IReadOnlyList<GatewaySettingField> SettingFields { get; } =
        [new("api_key", "API key", Secret: true, Required: true), new("base_url", "Base URL", Secret: false, Required: false, "https://gateway.test")];

    public Func<CheckoutRequest, GatewayResult> OnStart { get; set; } =
        r => new GatewayResult(GatewayOutcome.RequiresCustomerAction, GatewayReference: $"ord_{r.AttemptId:N}", RedirectUrl: $"https://gateway.test/pay/{r.AttemptId:N}");

    public Func<AttemptSnapshot, GatewayResult> OnConfirm { get; set; } = a => Paid(a);

    public Func<InboundWebhook, WebhookVerification> OnVerify { get; set; } = w =>
        w.Header("X-Signature") == "good" ? WebhookVerification.Valid(w.Header("X-Event-Id")!, "payment.completed") : WebhookVerification.Invalid("bad signature");

    /// <summary>By default the event's body names the attempt and the gateway (re-read) says it is paid, with the
    /// same transaction id the return path sees.</summary>
    public Func<StoredGatewayEvent, GatewayEventOutcome> OnInterpret { get; set; } = e =>
    {
        var attemptId = Guid.Parse(System.Text.Encoding.UTF8.GetString(e.Body));
        return GatewayEventOutcome.ForPayment(attemptId, new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{attemptId:N}"));
    };

    public Func<SavedMethodCharge, GatewayResult> OnCharge { get; set; } = c => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"txn_{c.AttemptId:N}", Amount: c.Amount);

    public Func<GatewayRefundRequest, GatewayResult> OnRefund { get; set; } = r => new GatewayResult(GatewayOutcome.Succeeded, TransactionId: $"re_{r.RefundId:N}", Amount: r.Amount);

    public ConcurrentQueue<string> Calls { get; } = new();

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public static GatewayResult Paid(AttemptSnapshot a) => new(GatewayOutcome.Succeeded, GatewayReference: a.GatewayReference, TransactionId: $"txn_{a.AttemptId:N}", Amount: a.Amount);

    public async Task<GatewayResult> StartCheckoutAsync(GatewayAccountConfig account, CheckoutRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"start:{request.AttemptId:N}");
        await Task.Delay(Delay, cancellationToken);
        return OnStart(request);
    }

    public Task<GatewayResult> ConfirmAsync(GatewayAccountConfig account, AttemptSnapshot attempt, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"confirm:{attempt.AttemptId:N}");
        return Task.FromResult(OnConfirm(attempt));
    }

    public Task<WebhookVerification> VerifyWebhookAsync(GatewayAccountConfig account, InboundWebhook webhook, CancellationToken cancellationToken)
    {
        Calls.Enqueue("verify");
        return Task.FromResult(OnVerify(webhook));
    }

    public Task<GatewayEventOutcome> InterpretEventAsync(GatewayAccountConfig account, StoredGatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"interpret:{gatewayEvent.EventId}");
        return Task.FromResult(OnInterpret(gatewayEvent));
    }

    public Task<GatewayResult> RefundAsync(GatewayAccountConfig account, GatewayRefundRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"refund:{request.RefundId:N}:{request.Amount.Minor}");
        return Task.FromResult(OnRefund(request));
    }

    public Task<GatewayResult> ChargeSavedMethodAsync(GatewayAccountConfig account, SavedMethodCharge request, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"charge:{request.MethodReference}");
        return Task.FromResult(OnCharge(request));
    }

    public Task<GatewayResult> TestConnectionAsync(GatewayAccountConfig account, CancellationToken cancellationToken) =>
        Task.FromResult(account.Get("api_key") == "good-key" ? new GatewayResult(GatewayOutcome.Succeeded) : GatewayResult.Fail("auth", "Invalid API key"));
}

/// <summary>The payments feature over SQLite with the real migrations, a fake clock and scripted gateways.</summary>
public sealed class GatewayTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public GatewayTestHost(params IPaymentGateway[] gateways)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Data.Time);
        services.AddSingleton<IDbContextFactory<GameHostDbContext>>(Data.Database);
        services.AddScoped(_ => Data.Database.CreateDbContext());
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<global::GameHost.Domain.Provisioning.IServerCapacity>(Data.Capacity);
        services.AddSingleton(GameHost.Tests.TestSupport.TestNotifier.Create(Data.Time)); // As the host: recorded money raises "payment received".
        services.AddPayments();
        services.Configure<ProvisioningSiteOptions>(o => o.PublicBaseUrl = "https://hosting.test");
        foreach (var gateway in gateways.DefaultIfEmpty(Gateway))
        {
            services.AddSingleton(gateway);
        }

        _services = services.BuildServiceProvider();
        using var db = Data.Database.CreateDbContext();
        if (!db.Roles.Any())
        {
            foreach (var role in Roles.All)
            {
                db.Roles.Add(new ApplicationRole(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
            }

            db.SaveChanges();
        }

        AdminId = Data.AddCustomer("Olivia Admin", withProfile: false);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = AdminId, RoleId = db.Roles.Single(r => r.Name == Roles.Admin).Id });
        db.SaveChanges();
    }

    public BillingTestData Data { get; } = new();

    public ScriptedGateway Gateway { get; } = new();

    public Guid AdminId { get; }

    public T Get<T>()
        where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<Guid> AddAccountAsync(string code = "scripted", bool enabled = true, string currencies = "ZAR", int order = 1, string name = "Scripted Pay")
    {
        var result = await Get<GatewayAccounts>().SaveAsync(new SaveGatewayAccountCommand(AdminId, null, code, name, enabled, Sandbox: true,
            currencies.Split(','), order, 0, 0, new Dictionary<string, string?> { ["api_key"] = "good-key-0000-1234" }), CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value;
    }

    public async Task<(Guid Customer, Guid Invoice, Money Total)> OpenInvoiceAsync()
    {
        var customer = Data.AddCustomer();
        var order = await Data.PlaceAsync(BillingTestData.Order(customer, Data.TariffId("paper-4gb")));
        return (customer, order.InvoiceId, order.GrossTotal);
    }

    /// <summary>How long the inbox helpers below wait for a condition before the test fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A scripted-gateway callback for <paramref name="eventId"/>, verified by its <c>x-signature</c>.</summary>
    public Task<WebhookReceipt> DeliverAsync(string eventId, string signature = "good") =>
        Get<ReceiveWebhook>().ExecuteAsync("scripted",
            new InboundWebhook(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("D")), new Dictionary<string, string> { ["x-signature"] = signature, ["X-Event-Id"] = eventId }, "127.0.0.1"),
            CancellationToken.None);

    /// <summary>Takes the database's write lock, as another writer would, until disposed.</summary>
    public SqliteConnection HoldWriteLock()
    {
        var connection = new SqliteConnection(Data.Database.ConnectionString);
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        begin.ExecuteNonQuery();
        return connection;
    }

    /// <summary>An inbox row of the scripted gateway as the receiver would hand it to the writer.</summary>
    public GatewayEvent InboxRow(Guid account, string eventId, int bodyBytes = 40, DateTime? receivedAt = null) => new()
    {
        Id = Guid.NewGuid(),
        GatewayAccountId = account,
        GatewayCode = "scripted",
        EventId = eventId,
        EventType = "payment.completed",
        Body = Encoding.UTF8.GetBytes(new string('x', bodyBytes)),
        Headers = "{}",
        Status = GatewayEventStatus.Received,
        ReceivedAtUtc = receivedAt ?? Data.Time.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// The inbox writer in the middle of a group, as during a burst's acknowledgements: the database's write lock is
    /// taken, one event is handed to the writer, and this returns once the writer holds it. Disposing the returned
    /// lock lets the group commit (<see cref="PendingInboxEvent.Written"/>).
    /// </summary>
    public async Task<(SqliteConnection WriteLock, PendingInboxEvent Pending)> HoldAGroupBeingWrittenAsync(Guid account, string eventId)
    {
        var writer = Get<GatewayInboxWriter>();
        var pending = new PendingInboxEvent(InboxRow(account, eventId));
        var writeLock = HoldWriteLock();
        Assert.Equal(InboxRefusal.None, writer.TrySubmit(pending));
        await UntilAsync(() => writer.IsWriting, "the writer holds the group");
        return (writeLock, pending);
    }

    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < Patience, $"Timed out waiting until {what}.");
            await Task.Delay(5);
        }
    }

    /// <summary>The inbox as stored, by provider event id.</summary>
    public async Task<List<GatewayEvent>> StoredEventsAsync()
    {
        await using var db = Data.Database.CreateDbContext();
        return await db.GatewayEvents().AsNoTracking().OrderBy(e => e.EventId).ToListAsync();
    }

    public void Dispose()
    {
        _services.Dispose();
        Data.Dispose();
    }
}
