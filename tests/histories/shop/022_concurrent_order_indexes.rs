// orders is large by now: build without locking out checkout.
migration! {
    createIndex("orders", "status", { concurrently: true, where: "status IN ('pending', 'paid')", name: "orders_open_status_idx" });
    createIndex("payments", "orderId", { concurrently: true });
}
