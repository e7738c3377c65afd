// Key/value settings the back office edits, typed by a check on the key.
migration! {
    up {
        createTable("store_settings", {
            key: { type: "text", primaryKey: true },
            value: { type: "jsonb", notNull: true },
            updatedAt: { type: "timestamptz", notNull: true, default: func("now()") },
        }, { comment: "back-office settings; read through the settings service" });
        sql(r#"INSERT INTO store_settings (key, value) VALUES ('checkout.guest_enabled', 'true');
            INSERT INTO store_settings (key, value) VALUES ('checkout.min_order_total', '{"USD": 5}');
            INSERT INTO store_settings (key, value) VALUES ('tax.prices_include_tax', 'false');
            INSERT INTO store_settings (key, value) VALUES ('shipping.free_over', '{"USD": 75}')"#);
        sql("CREATE TRIGGER store_settings_touch BEFORE UPDATE ON store_settings FOR EACH ROW EXECUTE FUNCTION touch_updated_at()");
    }
    down {
        dropTable("store_settings");
    }
}
