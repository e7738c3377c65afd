migration! {
    up {
        sql("COMMENT ON COLUMN post_comments.thread_path IS 'ids from the root comment down to this one';
            COMMENT ON COLUMN posts.reading_minutes IS 'generated from the body length';
            COMMENT ON COLUMN posts.series_position IS 'unique within a series, checked at commit';
            COMMENT ON COLUMN categories.path IS 'ltree path; subtree queries use <@';
            COMMENT ON COLUMN media.focal IS 'crop centre, 0..1 on both axes';
            COMMENT ON DOMAIN email_address IS 'loose check; real validation is a confirmation mail'");
    }
    down {
        sql("COMMENT ON DOMAIN email_address IS NULL;
            COMMENT ON COLUMN media.focal IS NULL;
            COMMENT ON COLUMN categories.path IS NULL;
            COMMENT ON COLUMN posts.series_position IS NULL;
            COMMENT ON COLUMN posts.reading_minutes IS NULL;
            COMMENT ON COLUMN post_comments.thread_path IS NULL");
    }
}
