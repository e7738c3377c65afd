migration! {
    up {
        createTable("currencies", {
            code: { type: "char(3)", primaryKey: true },
            name: { type: "text", notNull: true },
            minorUnits: { type: "smallint", notNull: true, default: 2 },
        });
        sql("INSERT INTO currencies (code, name, minor_units) VALUES
                ('USD', 'US dollar', 2), ('EUR', 'Euro', 2), ('GBP', 'Pound sterling', 2), ('JPY', 'Yen', 0)");
    }
    down {
        dropTable("currencies");
    }
}
