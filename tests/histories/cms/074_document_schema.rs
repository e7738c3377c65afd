migration! {
    up {
        sql("COMMENT ON TABLE posts IS 'articles; the current revision is denormalized here';
            COMMENT ON COLUMN posts.search_vector IS 'maintained by posts_search_vector_update()';
            COMMENT ON COLUMN posts.comment_count IS 'approved comments, maintained by trigger';
            COMMENT ON COLUMN posts.seo IS 'overrides for search engines and social cards';
            COMMENT ON TABLE post_comments IS 'reader comments; threads via thread_path';
            COMMENT ON TYPE seo_meta IS 'title, description, image, noindex';
            COMMENT ON TABLE analytics.daily_post_stats IS 'filled by analytics.rollup_page_views()'");
    }
    down {
        sql("COMMENT ON TABLE analytics.daily_post_stats IS NULL;
            COMMENT ON TYPE seo_meta IS NULL;
            COMMENT ON TABLE post_comments IS NULL;
            COMMENT ON COLUMN posts.seo IS NULL;
            COMMENT ON COLUMN posts.comment_count IS NULL;
            COMMENT ON COLUMN posts.search_vector IS NULL;
            COMMENT ON TABLE posts IS NULL");
    }
}
