migration! {
    addConstraint("orders", "orders_currency_fkey", {
        foreignKey: { columns: "currency", references: "currencies(code)", onUpdate: "cascade" },
        notValid: true,
    });
    addConstraint("variant_prices", "variant_prices_currency_fkey", {
        foreignKey: { columns: "currency", references: "currencies" },
        notValid: true,
    });
}
