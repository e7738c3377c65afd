migration! {
    createTable("post_media", {
        postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
        mediaId: { type: "bigint", notNull: true, references: "media(id)", onDelete: "restrict" },
        role: { type: "text", notNull: true, default: "inline", check: "role IN ('cover', 'inline', 'gallery')" },
        position: { type: "smallint", notNull: true, default: 0 },
    }, {
        constraints: { primaryKey: ["postId", "mediaId"] },
    });
    createIndex("post_media", "postId", { unique: true, where: "role = 'cover'", name: "post_media_one_cover_idx" });
}
