migration! {
    createTable("series", {
        id: "id",
        title: { type: "text", notNull: true },
        slug: { type: "slug", notNull: true, unique: true },
        description: "text",
    });
    addColumns("posts", {
        seriesId: { type: "bigint", references: "series(id)", onDelete: "set null" },
        seriesPosition: { type: "smallint", check: "series_position > 0" },
    });
}
