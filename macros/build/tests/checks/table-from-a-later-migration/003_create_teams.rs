migration! {
    createTable("teams", { id: "id" });
}
