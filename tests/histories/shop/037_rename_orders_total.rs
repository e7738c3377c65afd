// "total" was read as "total before tax" twice in one quarter.
migration! {
    renameColumn("orders", "total", "grandTotal");
}
