using GameHost.Domain.Common;

namespace GameHost.Domain.Billing.Products;

public static class ProductsErrors
{
    public static readonly Error NotFound = new("billing.product_not_found", "No such product.");

    public static readonly Error NotForSale = new("billing.product_not_for_sale", "This product is not for sale in your currency.");

    public static readonly Error ServiceRequired = Error.Validation("SubscriptionId", "billing.product_service_required",
        "Choose the service this product is for.");

    public static readonly Error ServiceNotFound = Error.Validation("SubscriptionId", "billing.product_service_not_found",
        "Choose one of your running services.");

    public static readonly Error NameRequired = Error.Validation("NameEn", "billing.product_name_required", "Give the product an English name (up to 200 characters).");

    public static readonly Error DescriptionTooLong = Error.Validation("DescriptionEn", "billing.product_description_too_long",
        "The description is limited to 1000 characters.");

    public static readonly Error PriceRequired = Error.Validation("Prices", "billing.product_price_required",
        "Give the product a price in at least one currency (zero or more, in a known currency).");

    public static readonly Error NotStaff = new("billing.product_not_staff", "Only administrators can edit products.");

    public static readonly Error FulfilmentNotFound = new("billing.fulfilment_not_found", "No such fulfilment task.");

    public static readonly Error FulfilmentNotPaid = new("billing.fulfilment_not_paid", "The purchase is not paid yet; there is nothing to fulfil.");

    public static readonly Error NoteTooLong = Error.Validation("Note", "billing.fulfilment_note_too_long", "The note is limited to 500 characters.");

    public static readonly Error Busy = new("billing.product_busy", "Someone else changed this at the same moment; please try again.");
}
