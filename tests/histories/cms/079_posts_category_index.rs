migration! {
    createIndex("posts", ["categoryId", { name: "publishedAt", sort: "desc" }], { where: "status = 'published'", name: "posts_category_published_idx" });
}
