migration! {
    renameColumn("users", "name", "fullName");
}
