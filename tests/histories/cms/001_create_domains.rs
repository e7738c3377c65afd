// Shared value rules, declared once and used as column types.
migration! {
    up {
        sql("CREATE DOMAIN slug AS text
                CHECK (VALUE ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
            CREATE DOMAIN email_address AS text
                CHECK (VALUE ~ '^[^@ ]+@[^@ ]+[.][^@ ]+$');
            COMMENT ON DOMAIN slug IS 'lowercase words joined by hyphens, used in URLs'");
    }
    down {
        sql("DROP DOMAIN email_address;
            DROP DOMAIN slug");
    }
}
