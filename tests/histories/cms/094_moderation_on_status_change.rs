migration! {
    up {
        sql("CREATE FUNCTION post_comments_log_moderation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.status IS DISTINCT FROM OLD.status AND current_setting('app.moderator_id', true) <> '' THEN
                    INSERT INTO moderation_log (comment_id, moderator_id, action)
                    VALUES (
                        NEW.id,
                        current_setting('app.moderator_id')::bigint,
                        CASE NEW.status
                            WHEN 'approved' THEN 'approve'
                            WHEN 'rejected' THEN 'reject'
                            WHEN 'deleted' THEN 'delete'
                            ELSE 'restore'
                        END::moderation_action
                    );
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER post_comments_moderation AFTER UPDATE OF status ON post_comments
                FOR EACH ROW EXECUTE FUNCTION post_comments_log_moderation()");
    }
    down {
        sql("DROP TRIGGER post_comments_moderation ON post_comments;
            DROP FUNCTION post_comments_log_moderation()");
    }
}
