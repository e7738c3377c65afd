migration! {
    up {
        createTable("warehouses", {
            id: { type: "serial", primaryKey: true },
            code: { type: "varchar(16)", notNull: true, unique: true },
            name: { type: "text", notNull: true },
            country: { type: "char(2)", notNull: true },
            active: { type: "boolean", notNull: true, default: true },
        });
        sql("INSERT INTO warehouses (code, name, country) VALUES ('MAIN', 'Main warehouse', 'US')");
    }
    down {
        dropTable("warehouses");
    }
}
