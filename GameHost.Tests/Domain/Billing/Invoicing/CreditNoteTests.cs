using GameHost.Domain.Billing;
using GameHost.Domain.Billing.Invoicing;
using GameHost.Domain.Billing.Ledger;
using GameHost.Domain.Billing.Persistence;
using GameHost.Domain.Common;
using GameHost.Domain.Payments;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Tests.Domain.Billing.Invoicing;

/// <summary>Credit notes: full and partial, never beyond a line or the invoice, own gapless series, money back to the balance once.</summary>
public sealed class CreditNoteTests : IDisposable
{
    private readonly InvoicingTestData _data = new();

    public void Dispose() => _data.Dispose();

    private static Money Zar(long minor) => InvoicingTestData.Zar(minor);

    private Task<Result<IssuedCreditNote>> CreditAsync(Guid invoiceId, IReadOnlyList<CreditLineRequest>? lines = null, string? requestId = null, Guid? actor = null) =>
        _data.CreditNotes().ExecuteAsync(new IssueCreditNoteCommand(actor ?? _data.AdminId, invoiceId, requestId ?? Guid.NewGuid().ToString("N"),
            "Server down for three days", lines), CancellationToken.None);

    [Fact]
    public async Task ExecuteAsync_FullCredit_IssuesCn1WithFrozenLinesAndPutsTheGrossOnTheBalance()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);

        var result = await CreditAsync(order.InvoiceId);

        Assert.True(result.IsSuccess, result.Error?.Code);
        Assert.Equal(("CN-000001", Zar(18900), false), (result.Value.Number, result.Value.GrossTotal, result.Value.Replayed));
        Assert.Equal(Zar(18900), await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var note = await db.CreditNotes().Include(n => n.Lines).SingleAsync();
        var line = Assert.Single(note.Lines);
        Assert.Equal((Zar(16435), Zar(2465), Zar(18900), 1500), (line.Net, line.Tax, line.Gross, line.TaxRateBasisPoints));
        Assert.Equal(("Thandi Nkosi", "ZA", "Server down for three days"), (note.Buyer.Name, note.Buyer.CountryCode, note.Reason));
        var transaction = await db.LedgerTransactions().Include(t => t.Entries).SingleAsync(t => t.Kind == CreditNote.TransactionKind);
        Assert.Equal((CreditNote.TransactionKey(note.Id), order.InvoiceId, _data.AdminId), (transaction.IdempotencyKey, transaction.InvoiceId!.Value, transaction.ActorUserId!.Value));
        Assert.Equal(0, transaction.Entries.Sum(e => e.Amount.Minor));
        var invoice = await db.Invoices().SingleAsync(i => i.Id == order.InvoiceId);
        Assert.Equal((InvoiceStatus.Paid, Zar(18900)), (invoice.Status, invoice.CreditedTotal));
        Assert.Single(await db.AuditEntries.Where(a => a.Action == IssueCreditNote.AuditAction).ToListAsync());
        await _data.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_PartialLineAmount_SplitsTaxInTheLinesShareAndLeavesTheRest()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);

        var first = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(5000))]);
        var second = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(13900))]);

        Assert.Equal((Zar(5000), Zar(13900)), (first.Value!.GrossTotal, second.Value!.GrossTotal));
        Assert.Equal(("CN-000001", "CN-000002"), (first.Value.Number, second.Value.Number));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        var lines = await db.CreditNotes().OrderBy(n => n.Number).SelectMany(n => n.Lines).ToListAsync();
        // 5000 × 2465 / 18900 = 652.1… → 652; the last part takes exactly what remains of net and tax.
        Assert.Equal((Zar(4348), Zar(652)), (lines[0].Net, lines[0].Tax));
        Assert.Equal((Zar(12087), Zar(1813)), (lines[1].Net, lines[1].Tax));
        Assert.Equal(Zar(18900), await _data.BalanceAsync(customer));
        Assert.Equal("billing.credit_note_nothing_left", (await CreditAsync(order.InvoiceId)).Error?.Code);
        await _data.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_MoreThanRemainsOnTheLine_IsRefusedAndNothingIsWritten()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);
        await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(18000))]);

        var result = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(901))]);

        Assert.Equal("billing.credit_note_exceeds_line", result.Error?.Code);
        Assert.Equal(Zar(18000), await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.CreditNotes().CountAsync());
    }

    [Theory]
    [InlineData(2, 100, "billing.credit_note_line_unknown")]
    [InlineData(1, 0, "billing.credit_note_amount_invalid")]
    [InlineData(1, -5, "billing.credit_note_amount_invalid")]
    public async Task ExecuteAsync_BadLineRequest_IsRefusedWithItsCode(int position, long minor, string code)
    {
        var order = await _data.PaidOrderAsync(_data.AddCustomer());

        Assert.Equal(code, (await CreditAsync(order.InvoiceId, [new CreditLineRequest(position, Zar(minor))])).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_SameRequestIdTwice_AnswersTheFirstNoteAndPostsOnce()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);

        var first = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(1000))], requestId: "form-1");
        var again = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(1000))], requestId: "form-1");

        Assert.Equal((first.Value!.CreditNoteId, true), (again.Value!.CreditNoteId, again.Value.Replayed));
        Assert.Equal(Zar(1000), await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.LedgerTransactions().CountAsync(t => t.Kind == CreditNote.TransactionKind));
    }

    [Fact]
    public async Task ExecuteAsync_OpenInvoice_IsRefusedAsNotPaid()
    {
        var order = await _data.OrderAsync(_data.AddCustomer());

        Assert.Equal("billing.credit_note_invoice_not_paid", (await CreditAsync(order.InvoiceId)).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_AmountInAnotherCurrency_IsRefusedNothingConverted()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);

        var result = await CreditAsync(order.InvoiceId, [new CreditLineRequest(1, new Money(1000, Currency.USD))]);

        Assert.Equal("billing.currency_mismatch", result.Error?.Code);
        Assert.Equal(Zar(0), await _data.BalanceAsync(customer));
    }

    [Fact]
    public async Task ExecuteAsync_SupportAgent_IsRefused()
    {
        var order = await _data.PaidOrderAsync(_data.AddCustomer());

        Assert.Equal(InvoicingErrors.ActorNotAdmin.Code, (await CreditAsync(order.InvoiceId, actor: _data.SupportId)).Error?.Code);
    }

    [Fact]
    public async Task ExecuteAsync_TwoNotesRacingOnOneInvoice_NumbersStayGaplessAndTheInvoiceIsNeverOverCredited()
    {
        var customer = _data.AddCustomer();
        var order = await _data.PaidOrderAsync(customer);

        // Each asks for 10 000 of the 18 900: only one can fit, whichever saves first.
        var results = await Task.WhenAll(
            Task.Run(() => CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(10000))])),
            Task.Run(() => CreditAsync(order.InvoiceId, [new CreditLineRequest(1, Zar(10000))])));

        Assert.Single(results, r => r.IsSuccess);
        Assert.Single(results, r => r.Error?.Code == "billing.credit_note_exceeds_line");
        Assert.Equal(Zar(10000), await _data.BalanceAsync(customer));
        await using var db = await _data.Contexts.CreateDbContextAsync();
        Assert.Equal([1L], await db.CreditNotes().Select(n => n.Number).ToListAsync());
        await _data.AssertBooksBalanceAsync();
    }

    [Fact]
    public async Task ExecuteAsync_NotesOnTwoInvoicesRacing_TakeNumbersOneAndTwo()
    {
        var first = await _data.PaidOrderAsync(_data.AddCustomer("a@players.test"));
        var second = await _data.PaidOrderAsync(_data.AddCustomer("b@players.test"));

        var results = await Task.WhenAll(Task.Run(() => CreditAsync(first.InvoiceId)), Task.Run(() => CreditAsync(second.InvoiceId)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Equal(["CN-000001", "CN-000002"], results.Select(r => r.Value!.Number).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IssueAsync_TwoContextsTakeTheSameInvoiceNumber_SecondSaveFailsAndRetryTakesTheNext()
    {
        var customer = _data.AddCustomer();
        await using var a = await _data.Contexts.CreateDbContextAsync();
        await using var b = await _data.Contexts.CreateDbContextAsync();
        var now = _data.Time.GetUtcNow().UtcDateTime;
        Invoice Draft(string key)
        {
            var invoice = Invoice.Draft(customer, null, key, Currency.ZAR, new InvoiceBuyer("Thandi", null, "ZA", null), now);
            invoice.AddLine(InvoiceLineKind.SetupFee, "world-import", GameHost.Domain.Catalog.LocalizedText.Same("World import"), 1, Zar(5000), Zar(5000), Zar(0), 0);
            return invoice;
        }

        var (first, second) = (Draft("one-off:a"), Draft("one-off:b"));
        await InvoiceIssuing.IssueAsync(a, first, InvoiceNumbering.DefaultSeries, now, now.AddDays(3), CancellationToken.None);
        await InvoiceIssuing.IssueAsync(b, second, InvoiceNumbering.DefaultSeries, now, now.AddDays(3), CancellationToken.None);
        a.Invoices().Add(first);
        b.Invoices().Add(second);
        Assert.Equal(first.Number, second.Number);

        await a.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());

        await using var retry = await _data.Contexts.CreateDbContextAsync();
        var again = Draft("one-off:b");
        await InvoiceIssuing.IssueAsync(retry, again, InvoiceNumbering.DefaultSeries, now, now.AddDays(3), CancellationToken.None);
        retry.Invoices().Add(again);
        await retry.SaveChangesAsync();
        Assert.Equal(first.Number + 1, again.Number);
        await using var check = await _data.Contexts.CreateDbContextAsync();
        var numbers = await check.Invoices().Where(i => i.Series == InvoiceNumbering.DefaultSeries).Select(i => i.Number!.Value).OrderBy(n => n).ToListAsync();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
    }

    [Fact]
    public void AddLine_AnotherCurrency_IsRefusedNothingConverted()
    {
        var invoice = Invoice.Draft(Guid.NewGuid(), null, "one-off:x", Currency.ZAR, new InvoiceBuyer("A", null, "ZA", null), DateTime.UnixEpoch);

        var error = Assert.Throws<DomainException>(() => invoice.AddLine(InvoiceLineKind.SetupFee, "x", GameHost.Domain.Catalog.LocalizedText.Same("x"), 1,
            new Money(100, Currency.USD), new Money(100, Currency.USD), new Money(0, Currency.USD), 0));

        Assert.Equal("billing.line_currency", error.Code);
    }

    [Fact]
    public async Task RecordPayment_InAnotherCurrencyThanTheCustomers_IsRefusedNothingConverted()
    {
        var customer = _data.AddCustomer();
        var order = await _data.OrderAsync(customer);

        var result = await _data.Refunds.RecordPayment().ExecuteAsync(new RecordPaymentCommand(
            GatewayCodes.BankTransfer, "FNB-usd", customer, order.InvoiceId, new Money(1890, Currency.USD), _data.Time.GetUtcNow().UtcDateTime), CancellationToken.None);

        Assert.Equal("payments.currency_mismatch", result.Error?.Code);
        Assert.Equal(Zar(0), await _data.BalanceAsync(customer));
    }
}
