migration! {
    up {
        alterColumn("order_items", "productName", { notNull: true });
        alterColumn("order_items", "sku", { notNull: true });
    }
    down {
        alterColumn("order_items", "sku", { notNull: false });
        alterColumn("order_items", "productName", { notNull: false });
    }
}
