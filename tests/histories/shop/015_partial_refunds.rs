migration! {
    addTypeValue("order_status", "partially_refunded", { after: "fulfilled" });
    addTypeValue("payment_status", "partially_refunded", { before: "refunded" });
    down { noop; }
}
