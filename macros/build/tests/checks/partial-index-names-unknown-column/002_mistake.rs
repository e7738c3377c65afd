migration! {
    createIndex("posts", "title", { where: "deleted IS NULL" });
}
