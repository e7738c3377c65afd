migration! {
    up {
        sql("CREATE MATERIALIZED VIEW analytics.popular_posts AS
                SELECT s.post_id, sum(s.views) AS views_30d, sum(s.unique_sessions) AS sessions_30d
                FROM analytics.daily_post_stats s
                WHERE s.day >= current_date - 30
                GROUP BY s.post_id
            WITH NO DATA;
            CREATE UNIQUE INDEX popular_posts_post_idx ON analytics.popular_posts (post_id);
            CREATE INDEX popular_posts_views_idx ON analytics.popular_posts (views_30d DESC)");
    }
    down {
        sql("DROP MATERIALIZED VIEW analytics.popular_posts");
    }
}
