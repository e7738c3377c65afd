migration! {
    up {
        sql("INSERT INTO analytics.redirect_hits (redirect_id, day, hits)
            SELECT id, current_date, hits FROM redirects WHERE hits > 0
            ON CONFLICT (redirect_id, day) DO UPDATE SET hits = analytics.redirect_hits.hits + EXCLUDED.hits");
    }
    down {
        sql("DELETE FROM analytics.redirect_hits");
    }
}
