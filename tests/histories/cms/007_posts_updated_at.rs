migration! {
    up {
        sql("CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                RETURN NEW;
            END $$;
            CREATE TRIGGER posts_set_updated_at BEFORE UPDATE ON posts
                FOR EACH ROW EXECUTE FUNCTION set_updated_at()");
    }
    down {
        sql("DROP TRIGGER posts_set_updated_at ON posts;
            DROP FUNCTION set_updated_at()");
    }
}
