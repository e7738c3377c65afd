migration! {
    up {
        sql("ALTER DOMAIN slug ADD CONSTRAINT slug_max_length CHECK (length(VALUE) <= 120) NOT VALID;
            ALTER DOMAIN slug VALIDATE CONSTRAINT slug_max_length");
    }
    down {
        sql("ALTER DOMAIN slug DROP CONSTRAINT slug_max_length");
    }
}
