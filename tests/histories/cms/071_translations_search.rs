migration! {
    up {
        sql("ALTER TABLE post_translations ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (
                    setweight(to_tsvector(locale_regconfig(locale), coalesce(title, '')), 'A') ||
                    setweight(to_tsvector(locale_regconfig(locale), coalesce(body, '')), 'C')
                ) STORED");
        createIndex("post_translations", "searchVector", { method: "gin" });
    }
    down {
        dropIndex("post_translations", "searchVector");
        dropColumn("post_translations", "searchVector");
    }
}
