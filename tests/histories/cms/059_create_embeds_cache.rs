migration! {
    createTable("embeds", {
        url: { type: "text", primaryKey: true },
        provider: { type: "text", notNull: true },
        html: { type: "text", notNull: true },
        width: "integer",
        height: "integer",
        fetchedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        expiresAt: { type: "timestamptz", notNull: true },
    }, { comment: "oEmbed responses, refetched after expires_at" });
    createIndex("embeds", "expiresAt");
}
