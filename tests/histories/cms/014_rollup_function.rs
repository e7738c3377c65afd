migration! {
    up {
        sql("CREATE FUNCTION analytics.rollup_page_views(for_day date) RETURNS integer
                LANGUAGE sql AS $$
                    WITH rolled AS (
                        INSERT INTO analytics.daily_post_stats AS s (post_id, day, views, unique_sessions)
                        SELECT post_id, for_day, count(*), count(DISTINCT session_id)
                        FROM analytics.page_views
                        WHERE post_id IS NOT NULL
                          AND viewed_at >= for_day AND viewed_at < for_day + 1
                        GROUP BY post_id
                        ON CONFLICT (post_id, day) DO UPDATE
                            SET views = EXCLUDED.views, unique_sessions = EXCLUDED.unique_sessions
                        RETURNING 1
                    )
                    SELECT count(*)::integer FROM rolled
                $$;
            COMMENT ON FUNCTION analytics.rollup_page_views(date) IS 'nightly; idempotent'");
    }
    down {
        sql("DROP FUNCTION analytics.rollup_page_views(date)");
    }
}
