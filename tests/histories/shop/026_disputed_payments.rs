migration! {
    addTypeValue("payment_status", "disputed");
    down { noop; }
}
