migration! {
    up {
        sql("CREATE VIEW category_tree AS
                SELECT c.id, c.name, c.slug, c.path, nlevel(c.path) AS depth,
                       (SELECT count(*) FROM posts p
                          JOIN categories d ON d.id = p.category_id
                         WHERE d.path <@ c.path AND p.status = 'published') AS published_posts
                FROM categories c;
            COMMENT ON VIEW category_tree IS 'categories with counts including subcategories'");
    }
    down {
        sql("DROP VIEW category_tree");
    }
}
