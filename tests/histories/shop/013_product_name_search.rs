migration! {
    createExtension("pg_trgm");
    createIndex("products", [{ expression: func("lower(name)"), opclass: "gin_trgm_ops" }], {
        method: "gin",
        name: "products_name_trgm_idx",
    });
}
