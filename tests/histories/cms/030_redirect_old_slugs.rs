// Changing a published post's slug leaves a redirect behind, automatically.
migration! {
    up {
        sql("CREATE FUNCTION posts_redirect_old_slug() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF OLD.status = 'published' AND NEW.slug IS DISTINCT FROM OLD.slug THEN
                    INSERT INTO redirects (from_path, to_path)
                    VALUES ('/posts/' || OLD.slug, '/posts/' || NEW.slug)
                    ON CONFLICT (from_path) DO UPDATE SET to_path = EXCLUDED.to_path;
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER posts_redirect_old_slug AFTER UPDATE OF slug ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_redirect_old_slug()");
    }
    down {
        sql("DROP TRIGGER posts_redirect_old_slug ON posts;
            DROP FUNCTION posts_redirect_old_slug()");
    }
}
