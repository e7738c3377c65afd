migration! {
    createIndex("shopping_carts", "updatedAt", { where: "customer_id IS NOT NULL", name: "shopping_carts_abandoned_idx" });
}
