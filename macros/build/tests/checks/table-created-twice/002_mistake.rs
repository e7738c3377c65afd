migration! {
    createTable("users", { id: "id" });
}
