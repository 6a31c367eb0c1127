using GameHost.Domain.Catalog;
using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Products;

/// <summary>
/// A one-off product staff sell besides servers (a world import, a setup service): priced per currency, nothing is
/// converted. When <see cref="NeedsService"/> is set it is bought for one of the customer's running services.
/// </summary>
public sealed class Product
{
    public Guid Id { get; set; }

    public LocalizedText Name { get; set; } = LocalizedText.Same("");

    public LocalizedText Description { get; set; } = LocalizedText.Same("");

    public bool NeedsService { get; set; }

    public bool IsActive { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public Guid ConcurrencyToken { get; set; }

    public List<ProductPrice> Prices { get; set; } = [];
}

public sealed class ProductPrice
{
    public long Id { get; set; }

    public Guid ProductId { get; set; }

    public Money Amount { get; set; }
}

public enum ProductPurchaseStatus
{
    /// <summary>Its invoice is open.</summary>
    AwaitingPayment = 0,

    /// <summary>Paid: staff have work to do.</summary>
    ToFulfil = 1,

    /// <summary>Staff marked it done.</summary>
    Fulfilled = 2,
}

/// <summary>A customer's purchase of a product: its invoice and, once paid, the fulfilment task staff work off.</summary>
public sealed class ProductPurchase
{
    public const int MaxRequestIdLength = 100;

    public const int MaxNoteLength = 500;

    public Guid Id { get; set; }

    public Guid ProductId { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>The service the product is for, when the product needs one.</summary>
    public Guid? SubscriptionId { get; set; }

    /// <summary>The purchase form's request id, unique: a double click buys once.</summary>
    public string RequestId { get; set; } = "";

    public Guid InvoiceId { get; set; }

    public ProductPurchaseStatus Status { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? PaidAtUtc { get; set; }

    public DateTime? FulfilledAtUtc { get; set; }

    public string? FulfilledBy { get; set; }

    public string? FulfilmentNote { get; set; }

    public Guid ConcurrencyToken { get; set; }
}
