migration! {
    up {
        createTable("site_settings", {
            key: { type: "text", primaryKey: true },
            value: { type: "jsonb", notNull: true },
        });
        sql(r#"INSERT INTO site_settings (key, value) VALUES ('site.title', '"The Review"');
            INSERT INTO site_settings (key, value) VALUES ('site.posts_per_page', '20');
            INSERT INTO site_settings (key, value) VALUES ('comments.moderation', '"pre"');
            INSERT INTO site_settings (key, value) VALUES ('comments.close_after_days', '30')"#);
    }
    down {
        dropTable("site_settings");
    }
}
