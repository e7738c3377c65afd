migration! {
    up {
        addColumns("posts", { commentCount: { type: "integer", notNull: true, default: 0 } });
        sql("UPDATE posts p SET comment_count = c.n
                FROM (SELECT post_id, count(*) AS n FROM post_comments WHERE status = 'approved' GROUP BY post_id) c
                WHERE c.post_id = p.id;
            CREATE FUNCTION posts_count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'approved' THEN
                    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
                END IF;
                IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.status = 'approved' THEN
                    UPDATE posts SET comment_count = comment_count - 1 WHERE id = OLD.post_id;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER post_comments_count AFTER INSERT OR DELETE OR UPDATE OF status ON post_comments
                FOR EACH ROW EXECUTE FUNCTION posts_count_comments()");
    }
    down {
        sql("DROP TRIGGER post_comments_count ON post_comments;
            DROP FUNCTION posts_count_comments()");
        dropColumn("posts", "commentCount");
    }
}
