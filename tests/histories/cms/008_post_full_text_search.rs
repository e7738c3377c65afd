// Search over title and body, kept current by a trigger, indexed with GIN.
migration! {
    up {
        addColumns("posts", { searchVector: "tsvector" });
        sql("CREATE FUNCTION posts_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector :=
                    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
                RETURN NEW;
            END $$;
            CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF title, body ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update();
            UPDATE posts SET search_vector =
                setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
                setweight(to_tsvector('english', coalesce(body, '')), 'C')");
        createIndex("posts", "searchVector", { method: "gin" });
    }
    down {
        dropIndex("posts", "searchVector");
        sql("DROP TRIGGER posts_search_vector ON posts;
            DROP FUNCTION posts_search_vector_update()");
        dropColumn("posts", "searchVector");
    }
}
