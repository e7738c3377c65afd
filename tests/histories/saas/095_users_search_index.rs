migration! {
    createExtension("pg_trgm", { schema: "public" });
    createIndex("users", [{ expression: func("lower(full_name)"), opclass: "gin_trgm_ops" }], { method: "gin", name: "users_full_name_trgm_idx" });
}
