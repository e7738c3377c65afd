migration! {
    up {
        sql("ALTER TABLE customers ADD COLUMN full_name text
                GENERATED ALWAYS AS (trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) STORED");
    }
    down {
        sql("ALTER TABLE customers DROP COLUMN full_name");
    }
}
