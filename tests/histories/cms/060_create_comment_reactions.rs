migration! {
    createTable("comment_reactions", {
        commentId: { type: "bigint", notNull: true, references: "post_comments(id)", onDelete: "cascade" },
        emoji: { type: "text", notNull: true, check: "char_length(emoji) BETWEEN 1 AND 8" },
        count: { type: "integer", notNull: true, default: 0, check: "count >= 0" },
    }, {
        constraints: { primaryKey: ["commentId", "emoji"] },
    });
}
