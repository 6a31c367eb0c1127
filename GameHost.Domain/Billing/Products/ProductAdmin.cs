using GameHost.Domain.Accounts;
using GameHost.Domain.Audit;
using GameHost.Domain.Catalog;
using GameHost.Domain.Common;
using GameHost.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GameHost.Domain.Billing.Products;

/// <param name="Id">Null to create a product.</param>
/// <param name="Prices">Minor units by ISO currency code; a currency left out is not sold.</param>
public sealed record ProductForm(
    Guid? Id, string NameEn, string? NameEs, string? DescriptionEn, string? DescriptionEs, bool NeedsService, bool IsActive,
    IReadOnlyDictionary<string, long> Prices);

public sealed record ProductRow(Guid Id, LocalizedText Name, LocalizedText Description, bool NeedsService, bool IsActive, IReadOnlyList<Money> Prices);

/// <summary>Staff define the one-off products (administrators only, audited).</summary>
public sealed class ProductAdmin(IDbContextFactory<GameHostDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string SavedAuditAction = "billing.product_saved";

    public async Task<IReadOnlyList<ProductRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = await db.Products().AsNoTracking().Include(p => p.Prices).ToListAsync(cancellationToken);
        return products.OrderBy(p => p.Name.En, StringComparer.CurrentCulture)
            .Select(p => new ProductRow(p.Id, p.Name, p.Description, p.NeedsService, p.IsActive,
                p.Prices.Select(x => x.Amount).OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    public async Task<Result<Guid>> SaveAsync(Guid actorUserId, ProductForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var nameEn = form.NameEn?.Trim() ?? "";
        if (nameEn.Length is 0 or > 200 || (form.NameEs?.Trim().Length ?? 0) > 200)
        {
            return ProductsErrors.NameRequired;
        }

        if ((form.DescriptionEn?.Trim().Length ?? 0) > 1000 || (form.DescriptionEs?.Trim().Length ?? 0) > 1000)
        {
            return ProductsErrors.DescriptionTooLong;
        }

        var prices = new List<Money>();
        foreach (var (code, minor) in form.Prices ?? new Dictionary<string, long>())
        {
            if (!Currency.TryFromCode(code?.Trim().ToUpperInvariant(), out var currency) || minor < 0)
            {
                return ProductsErrors.PriceRequired;
            }

            prices.Add(new Money(minor, currency));
        }

        if (prices.Count == 0)
        {
            return ProductsErrors.PriceRequired;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actor = await StaffActors.FindAsync(db, actorUserId, [Roles.Admin], cancellationToken);
        if (actor is null)
        {
            return ProductsErrors.NotStaff;
        }

        Product? product;
        object? before = null;
        if (form.Id is { } id)
        {
            product = await db.Products().Include(p => p.Prices).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (product is null)
            {
                return ProductsErrors.NotFound;
            }

            before = Snapshot(product);
            db.RemoveRange(product.Prices);
            product.Prices.Clear();
        }
        else
        {
            product = new Product { Id = Guid.NewGuid(), CreatedAtUtc = time.GetUtcNow().UtcDateTime };
            db.Products().Add(product);
        }

        product.Name = new LocalizedText(nameEn, form.NameEs?.Trim() ?? "");
        product.Description = new LocalizedText(form.DescriptionEn?.Trim() ?? "", form.DescriptionEs?.Trim() ?? "");
        product.NeedsService = form.NeedsService;
        product.IsActive = form.IsActive;
        product.ConcurrencyToken = Guid.NewGuid();
        product.Prices.AddRange(prices.Select(p => new ProductPrice { ProductId = product.Id, Amount = p }));
        audit.Record(db, actor, SavedAuditAction, "Product", product.Id.ToString("D"), before, Snapshot(product));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return product.Id;
        }
        catch (DbUpdateConcurrencyException)
        {
            return ProductsErrors.Busy;
        }
    }

    private static object Snapshot(Product product) => new
    {
        NameEn = product.Name.En,
        NameEs = product.Name.Es,
        product.NeedsService,
        product.IsActive,
        Prices = string.Join(", ", product.Prices.Select(p => p.Amount.ToString())),
    };
}
