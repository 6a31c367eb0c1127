namespace GameHost.Domain.Common;

/// <summary>
/// Ids for rows written in large numbers (invoices, ledger transactions, gateway inbox events, notifications, their
/// deliveries and outbox e-mails; decision 0038): a version 7 UUID, whose leading bits are the
/// creation time in milliseconds, so ids made later sort later — as text in SQLite (upper-case, as EF stores a
/// <see cref="Guid"/>) and as <c>uuid</c> in PostgreSQL. New rows then land at the end of their primary-key index and
/// of every index led by such an id, instead of on a random page of it; the rest of the id is random, so two ids made in
/// the same millisecond still differ. Nothing may read meaning into the order: it is a write-locality aid only.
/// </summary>
public static class TimeOrderedId
{
    public static Guid New(DateTime utc) =>
        Guid.CreateVersion7(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero));
}
