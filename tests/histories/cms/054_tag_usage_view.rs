migration! {
    up {
        sql("CREATE VIEW tag_usage AS
                SELECT t.id, t.slug, t.name, count(pt.post_id) AS posts
                FROM tags t
                LEFT JOIN post_tags pt ON pt.tag_id = t.id
                GROUP BY t.id;
            COMMENT ON VIEW tag_usage IS 'tag cloud sizes'");
    }
    down {
        sql("DROP VIEW tag_usage");
    }
}
