// Crypto checkouts brought four-letter codes; char(3) padding had already bitten us.
migration! {
    up {
        sql("DROP VIEW order_summaries");
        dropConstraint("orders", "orders_currency_fkey");
        dropConstraint("variant_prices", "variant_prices_currency_fkey");
        alterColumn("currencies", "code", { type: "varchar(8)", using: "trim(code)" });
        alterColumn("orders", "currency", { type: "varchar(8)", using: "trim(currency)" });
        alterColumn("variant_prices", "currency", { type: "varchar(8)", using: "trim(currency)" });
        addConstraint("orders", "orders_currency_fkey", {
            foreignKey: { columns: "currency", references: "currencies(code)", onUpdate: "cascade" },
        });
        addConstraint("variant_prices", "variant_prices_currency_fkey", {
            foreignKey: { columns: "currency", references: "currencies" },
        });
        sql("CREATE VIEW order_summaries AS
            SELECT o.id, o.number, o.customer_id, o.guest_email, o.status, o.currency,
                   o.subtotal, o.grand_total,
                   (SELECT coalesce(sum(d.amount), 0) FROM order_discounts d WHERE d.order_id = o.id) AS discount_total,
                   (SELECT count(*) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
                   (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi WHERE oi.order_id = o.id) AS units
            FROM orders o");
    }
    down {
        sql("DROP VIEW order_summaries");
        dropConstraint("variant_prices", "variant_prices_currency_fkey");
        dropConstraint("orders", "orders_currency_fkey");
        alterColumn("variant_prices", "currency", { type: "char(3)", using: "currency::char(3)" });
        alterColumn("orders", "currency", { type: "char(3)", using: "currency::char(3)" });
        alterColumn("currencies", "code", { type: "char(3)", using: "code::char(3)" });
        addConstraint("orders", "orders_currency_fkey", {
            foreignKey: { columns: "currency", references: "currencies(code)", onUpdate: "cascade" },
        });
        addConstraint("variant_prices", "variant_prices_currency_fkey", {
            foreignKey: { columns: "currency", references: "currencies" },
        });
        sql("CREATE VIEW order_summaries AS
            SELECT o.id, o.number, o.customer_id, o.guest_email, o.status, o.currency,
                   o.subtotal, o.grand_total,
                   (SELECT coalesce(sum(d.amount), 0) FROM order_discounts d WHERE d.order_id = o.id) AS discount_total,
                   (SELECT count(*) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
                   (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi WHERE oi.order_id = o.id) AS units
            FROM orders o");
    }
}
