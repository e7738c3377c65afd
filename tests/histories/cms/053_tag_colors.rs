migration! {
    up {
        sql("CREATE DOMAIN hex_color AS char(7) CHECK (VALUE ~ '^#[0-9a-f]{6}$')");
        addColumns("tags", {
            description: "text",
            color: { type: "hex_color", notNull: true, default: "#888888" },
        });
    }
    down {
        dropColumns("tags", ["color", "description"]);
        sql("DROP DOMAIN hex_color");
    }
}
