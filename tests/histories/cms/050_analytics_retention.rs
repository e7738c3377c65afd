migration! {
    up {
        sql("CREATE FUNCTION analytics.purge_page_views(keep interval DEFAULT interval '13 months')
                RETURNS bigint LANGUAGE plpgsql AS $$
                DECLARE
                    removed bigint;
                BEGIN
                    DELETE FROM analytics.page_views WHERE viewed_at < now() - keep;
                    GET DIAGNOSTICS removed = ROW_COUNT;
                    DELETE FROM analytics.search_queries WHERE searched_at < now() - keep;
                    RETURN removed;
                END $$;
            COMMENT ON SCHEMA analytics IS 'reader statistics; raw rows kept 13 months'");
    }
    down {
        sql("COMMENT ON SCHEMA analytics IS NULL;
            DROP FUNCTION analytics.purge_page_views(interval)");
    }
}
