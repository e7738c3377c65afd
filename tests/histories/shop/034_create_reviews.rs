migration! {
    createType("review_status", ["pending", "published", "rejected"]);
    createTable("reviews", {
        id: "id",
        productId: { type: "bigint", notNull: true, references: "products(id)", onDelete: "cascade" },
        customerId: { type: "bigint", references: "customers(id)", onDelete: "set null" },
        rating: { type: "smallint", notNull: true, check: "rating BETWEEN 1 AND 5" },
        title: "varchar(200)",
        body: "text",
        status: { type: "review_status", notNull: true, default: "pending" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    });
    createIndex("reviews", ["productId", "customerId"], { unique: true, where: "customer_id IS NOT NULL" });
    createIndex("reviews", ["productId", { name: "createdAt", sort: "desc" }], { where: "status = 'published'", name: "reviews_published_idx" });
}
