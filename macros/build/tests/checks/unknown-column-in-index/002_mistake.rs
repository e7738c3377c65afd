migration! {
    createIndex("users", ["emial"]);
}
