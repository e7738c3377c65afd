// Anonymous carts older than 90 days are noise; they are no longer kept at all.
migration! {
    up {
        sql("DELETE FROM shopping_carts WHERE customer_id IS NULL AND updated_at < now() - interval '90 days'");
        alterColumn("shopping_carts", "customerId", { notNull: true });
        dropIndex("shopping_carts", "customerId", { name: "shopping_carts_customer_id_idx" });
        createIndex("shopping_carts", "customerId", { unique: true, name: "shopping_carts_one_per_customer_idx" });
    }
    down {
        dropIndex("shopping_carts", "customerId", { name: "shopping_carts_one_per_customer_idx" });
        createIndex("shopping_carts", "customerId", { where: "customer_id IS NOT NULL", name: "shopping_carts_customer_id_idx" });
        alterColumn("shopping_carts", "customerId", { notNull: false });
    }
}
