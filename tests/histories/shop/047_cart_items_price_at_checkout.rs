// Prices are read at checkout; a stored price went stale and undercharged.
migration! {
    up {
        dropColumns("cart_items", ["price"]);
    }
    down {
        addColumns("cart_items", { price: { type: "numeric(12,2)", notNull: true, default: 0 } });
        alterColumn("cart_items", "price", { default: null });
    }
}
