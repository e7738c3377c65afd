// SEO fields travel together; a composite keeps them in one column.
migration! {
    up {
        sql("CREATE TYPE seo_meta AS (
                title varchar(70),
                description varchar(160),
                image_url text,
                no_index boolean
            )");
        addColumns("posts", { seo: "seo_meta" });
    }
    down {
        dropColumn("posts", "seo");
        sql("DROP TYPE seo_meta");
    }
}
