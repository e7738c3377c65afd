migration! {
    up {
        sql("CREATE DOMAIN locale_code AS varchar(35) CHECK (VALUE ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$')");
        createTable("post_translations", {
            postId: { type: "bigint", notNull: true, references: "posts(id)", onDelete: "cascade" },
            locale: { type: "locale_code", notNull: true },
            title: { type: "text", notNull: true },
            excerpt: "text",
            body: { type: "text", notNull: true },
            translatorId: { type: "bigint", references: "authors(id)", onDelete: "set null" },
            updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        }, {
            constraints: { primaryKey: ["postId", "locale"] },
        });
        addColumns("posts", { locale: { type: "locale_code", notNull: true, default: "en" } });
    }
    down {
        dropColumn("posts", "locale");
        dropTable("post_translations");
        sql("DROP DOMAIN locale_code");
    }
}
