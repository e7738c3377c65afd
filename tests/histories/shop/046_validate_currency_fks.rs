migration! {
    validateConstraint("orders", "orders_currency_fkey");
    validateConstraint("variant_prices", "variant_prices_currency_fkey");
}
