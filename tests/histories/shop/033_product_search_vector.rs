// Storefront search: a generated tsvector and a GIN index over it.
migration! {
    up {
        sql("ALTER TABLE products ADD COLUMN search tsvector
                GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', coalesce(name, '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(description, '')), 'B')
                ) STORED");
        createIndex("products", "search", { method: "gin" });
    }
    down {
        dropIndex("products", "search");
        dropColumn("products", "search");
    }
}
