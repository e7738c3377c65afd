migration! {
    renameColumn("users", "name", "email");
}
