migration! {
    up {
        sql("CREATE VIEW analytics.author_stats AS
                SELECT pa.author_id, count(DISTINCT p.id) AS posts, coalesce(sum(s.views), 0) AS views
                FROM public.post_authors pa
                JOIN public.posts p ON p.id = pa.post_id AND p.status = 'published'
                LEFT JOIN analytics.daily_post_stats s ON s.post_id = p.id
                GROUP BY pa.author_id;
            COMMENT ON VIEW analytics.author_stats IS 'for the contributor dashboard'");
    }
    down {
        sql("DROP VIEW analytics.author_stats");
    }
}
