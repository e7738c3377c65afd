migration! {
    renameColumn("users", "fullName", "displayName");
}
