migration! {
    createTable("page_revisions", {
        id: "id",
        pageId: { type: "bigint", notNull: true, references: "pages(id)", onDelete: "cascade" },
        revisionNumber: { type: "integer", notNull: true },
        title: { type: "text", notNull: true },
        body: { type: "text", notNull: true },
        authorId: { type: "bigint", references: "authors(id)", onDelete: "set null" },
        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
    }, {
        constraints: { unique: [["pageId", "revisionNumber"]] },
        comment: "as post_revisions, for pages",
    });
}
