migration! {
    up {
        sql("CREATE FUNCTION post_comments_set_thread_path() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id IS NULL THEN
                    NEW.id := nextval(pg_get_serial_sequence('post_comments', 'id'));
                END IF;
                IF NEW.parent_id IS NULL THEN
                    NEW.thread_path := ARRAY[NEW.id];
                ELSE
                    SELECT p.thread_path || NEW.id INTO NEW.thread_path
                    FROM post_comments p WHERE p.id = NEW.parent_id;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER post_comments_thread_path BEFORE INSERT ON post_comments
                FOR EACH ROW EXECUTE FUNCTION post_comments_set_thread_path()");
    }
    down {
        sql("DROP TRIGGER post_comments_thread_path ON post_comments;
            DROP FUNCTION post_comments_set_thread_path()");
    }
}
