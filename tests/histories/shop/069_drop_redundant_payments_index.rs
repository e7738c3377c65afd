// payments_provider_provider_ref_key covers lookups by provider; this one was unused.
migration! {
    up {
        dropIndex("payments", "orderId", { concurrently: true });
        createIndex("payments", ["orderId", "status"], { concurrently: true });
    }
    down {
        dropIndex("payments", ["orderId", "status"], { concurrently: true });
        createIndex("payments", "orderId", { concurrently: true });
    }
}
