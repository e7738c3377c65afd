migration! {
    addTypeValue("post_status", "scheduled", { before: "published" });
    addTypeValue("post_status", "archived");
    down { noop; }
}
