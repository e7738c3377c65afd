migration! {
    createTable("media_variants", {
        mediaId: { type: "bigint", notNull: true, references: "media(id)", onDelete: "cascade" },
        name: { type: "text", notNull: true, check: "name IN ('thumb', 'small', 'medium', 'large', 'webp')" },
        storageKey: { type: "text", notNull: true, unique: true },
        width: { type: "integer", notNull: true },
        height: { type: "integer", notNull: true },
        bytes: { type: "bigint", notNull: true },
    }, {
        constraints: { primaryKey: ["mediaId", "name"] },
    });
}
