// One trigger function keeps every table's updated_at honest.
migration! {
    up {
        sql("CREATE FUNCTION set_updated_at() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                NEW.updated_at := now();
                RETURN NEW;
            END
            $$");
    }
    down {
        sql("DROP FUNCTION set_updated_at()");
    }
}
