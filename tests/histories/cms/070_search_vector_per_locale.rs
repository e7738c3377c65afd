// Translated posts are indexed with their own language's stemmer.
migration! {
    up {
        sql(r#"CREATE FUNCTION locale_regconfig(locale text) RETURNS regconfig
                LANGUAGE sql IMMUTABLE AS $$
                    SELECT CASE split_part(locale, '-', 1)
                        WHEN 'de' THEN 'german'
                        WHEN 'fr' THEN 'french'
                        WHEN 'es' THEN 'spanish'
                        WHEN 'en' THEN 'english'
                        ELSE 'simple'
                    END::regconfig
                $$;
            CREATE OR REPLACE FUNCTION posts_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector :=
                    setweight(to_tsvector(locale_regconfig(NEW.locale), coalesce(NEW.title, '')), 'A') ||
                    setweight(to_tsvector(locale_regconfig(NEW.locale), coalesce(NEW.excerpt, '')), 'B') ||
                    setweight(to_tsvector(locale_regconfig(NEW.locale), coalesce(NEW.body, '')), 'C');
                RETURN NEW;
            END $$;
            DROP TRIGGER posts_search_vector ON posts;
            CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF title, excerpt, body, locale ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update()"#);
    }
    down {
        sql("DROP TRIGGER posts_search_vector ON posts;
            CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF title, body ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update();
            CREATE OR REPLACE FUNCTION posts_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector :=
                    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
                    setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
                RETURN NEW;
            END $$;
            DROP FUNCTION locale_regconfig(text)");
    }
}
