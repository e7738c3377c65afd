migration! {
    createTable("pages", {
        id: "id",
        parentId: { type: "bigint", references: "pages(id)", onDelete: "restrict" },
        title: { type: "text", notNull: true },
        slug: { type: "slug", notNull: true },
        body: { type: "text", notNull: true, default: "" },
        seo: "seo_meta",
        publishedAt: "timestamptz",
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, { comment: "static pages: about, contact, legal" });
    createIndex("pages", ["parentId", "slug"], { unique: true, name: "pages_slug_per_parent_idx" });
    createIndex("pages", "slug", { unique: true, where: "parent_id IS NULL", name: "pages_root_slug_idx" });
}
