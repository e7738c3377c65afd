migration! {
    addTypeValue("export_status", "cancelled", { after: "failed" });
    down { noop; }
}
