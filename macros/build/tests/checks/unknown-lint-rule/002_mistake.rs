migration! {
    allow("ban-drop-colum");
    createIndex("users", "age", { concurrently: true });
}
