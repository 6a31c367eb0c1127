using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Ledger;

/// <summary>One line of a posting: which account moves by how much (signed).</summary>
public sealed record Posting(string AccountCode, LedgerAccountKind Kind, Guid? CustomerId, Money Amount)
{
    public static Posting Customer(Guid customerId, Money amount) =>
        new(LedgerAccount.CustomerCode(customerId, amount.Currency), LedgerAccountKind.CustomerBalance, customerId, amount);

    public static Posting System(LedgerAccountKind kind, Money amount) =>
        new(LedgerAccount.SystemCode(kind, amount.Currency), kind, null, amount);
}

public sealed record PostingRequest(
    string IdempotencyKey, string Kind, string Description, IReadOnlyList<Posting> Postings,
    Guid? CustomerId = null, Guid? InvoiceId = null, Guid? ActorUserId = null);

/// <summary>
/// Writes ledger transactions into the caller's context, so they are saved with the change that caused them. The
/// accounts' cached balances move in the same save; their concurrency tokens make two racing saves fail instead of
/// losing an update, and the unique idempotency key makes a repeated event fail instead of posting twice.
/// </summary>
public sealed class LedgerPosting(TimeProvider time)
{
    /// <summary>
    /// Adds the transaction, or returns the one already saved under the same key (then nothing is added).
    /// Throws when the entries do not sum to zero per currency: that is a bug, never bad input.
    /// </summary>
    public async Task<(LedgerTransaction Transaction, bool Replayed)> PostAsync(
        GameHostDbContext db, PostingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        Validate(request);
        var existing = db.ChangeTracker.Entries<LedgerTransaction>().Select(e => e.Entity).FirstOrDefault(t => t.IdempotencyKey == request.IdempotencyKey)
            ?? await db.LedgerTransactions().Include(t => t.Entries).FirstOrDefaultAsync(t => t.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        if (existing is not null)
        {
            return (existing, true);
        }

        EnsureBalanced(request);
        var now = time.GetUtcNow().UtcDateTime;
        var transaction = NewTransaction(request, now);
        foreach (var posting in request.Postings)
        {
            Apply(transaction, await AccountAsync(db, posting, now, cancellationToken), posting);
        }

        db.LedgerTransactions().Add(transaction);
        return (transaction, false);
    }

    /// <summary>
    /// Builds a transaction whose key cannot have been used yet — its subject (an invoice) is new in the same unit of
    /// work — on accounts the caller has already read, and moves their cached balances and concurrency tokens in
    /// memory; nothing is looked up or tracked. The caller writes the transaction, its entries and the accounts (with
    /// an update guarded by each account's token as it was read) in one database transaction: a bulk writer such as
    /// the renewal sweep posts thousands of them per batch this way. The same checks and the same rows as
    /// <see cref="PostAsync"/>; the unique key still rejects a duplicate when the rows are written.
    /// </summary>
    /// <param name="accounts">The accounts by code; every posting's account must be there.</param>
    public LedgerTransaction PostDetached(PostingRequest request, IReadOnlyDictionary<string, LedgerAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        Validate(request);
        EnsureBalanced(request);
        var transaction = NewTransaction(request, time.GetUtcNow().UtcDateTime);
        foreach (var posting in request.Postings)
        {
            if (!accounts.TryGetValue(posting.AccountCode, out var account))
            {
                throw new InvalidOperationException($"The account {posting.AccountCode} was not loaded before posting to it.");
            }

            Apply(transaction, account, posting);
        }

        return transaction;
    }

    private static void Validate(PostingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        if (request.IdempotencyKey.Length > LedgerTransaction.MaxKeyLength)
        {
            throw new ArgumentException("The idempotency key is too long.", nameof(request));
        }
    }

    private static void EnsureBalanced(PostingRequest request)
    {
        if (request.Postings.Count < 2 || request.Postings.Any(p => p.Amount.IsZero))
        {
            throw new DomainException("billing.ledger_unbalanced", "A transaction needs at least two non-zero entries.");
        }

        foreach (var currency in request.Postings.GroupBy(p => p.Amount.Currency))
        {
            if (currency.Sum(p => p.Amount.Minor) != 0)
            {
                throw new DomainException("billing.ledger_unbalanced", $"The entries in {currency.Key.Code} do not sum to zero.");
            }
        }
    }

    private static LedgerTransaction NewTransaction(PostingRequest request, DateTime nowUtc) => new()
    {
        Id = TimeOrderedId.New(nowUtc),
        IdempotencyKey = request.IdempotencyKey,
        Kind = request.Kind,
        Description = request.Description,
        CustomerId = request.CustomerId,
        InvoiceId = request.InvoiceId,
        ActorUserId = request.ActorUserId,
        CreatedAtUtc = nowUtc,
    };

    private static void Apply(LedgerTransaction transaction, LedgerAccount account, Posting posting)
    {
        account.Balance += posting.Amount;
        account.ConcurrencyToken = Guid.NewGuid();
        transaction.Entries.Add(new LedgerEntry { TransactionId = transaction.Id, AccountId = account.Id, Amount = posting.Amount });
    }

    /// <summary>The account for a posting, created on first use (tracked, so a second posting in one save sees it).</summary>
    public static async Task<LedgerAccount> AccountAsync(GameHostDbContext db, Posting posting, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(posting);
        var tracked = db.ChangeTracker.Entries<LedgerAccount>().Select(e => e.Entity).FirstOrDefault(a => a.Code == posting.AccountCode);
        if (tracked is not null)
        {
            return tracked;
        }

        var account = await db.LedgerAccounts().FirstOrDefaultAsync(a => a.Code == posting.AccountCode, cancellationToken);
        if (account is null)
        {
            // Two first postings racing both create the account; the unique code makes one save fail and retry.
            account = new LedgerAccount
            {
                Id = Guid.NewGuid(),
                Code = posting.AccountCode,
                Kind = posting.Kind,
                CustomerId = posting.CustomerId,
                Currency = posting.Amount.Currency,
                Balance = Money.Zero(posting.Amount.Currency),
                ConcurrencyToken = Guid.NewGuid(),
                CreatedAtUtc = nowUtc,
            };
            db.LedgerAccounts().Add(account);
        }

        return account;
    }
}
