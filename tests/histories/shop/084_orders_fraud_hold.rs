migration! {
    addTypeValue("order_status", "on_hold", { after: "pending" });
    down { noop; }
}
