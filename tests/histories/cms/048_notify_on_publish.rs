// The cache purger listens for this instead of polling.
migration! {
    up {
        sql("CREATE FUNCTION posts_notify_published() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.status = 'published' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status) THEN
                    PERFORM pg_notify('post_published', json_build_object('id', NEW.id, 'slug', NEW.slug)::text);
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER posts_notify_published AFTER INSERT OR UPDATE OF status ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_notify_published()");
    }
    down {
        sql("DROP TRIGGER posts_notify_published ON posts;
            DROP FUNCTION posts_notify_published()");
    }
}
